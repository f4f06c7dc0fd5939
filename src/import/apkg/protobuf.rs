//! Just enough of the protobuf wire format to read the few fields quiz needs
//! from Anki's packages (the `meta` entry, note type and template configs).
//! Unknown fields are skipped; malformed input gives `None`, never a panic.

/// A protobuf message's bytes.
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    bytes: &'a [u8],
}

/// One field's value, by wire type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

impl<'a> Message<'a> {
    /// The message in `bytes`.
    pub fn new(bytes: &'a [u8]) -> Message<'a> {
        Message { bytes }
    }

    /// The last value of varint field `number` (protobuf's rule for repeats).
    pub fn varint(&self, number: u64) -> Option<u64> {
        self.fields()
            .filter(|(field, _)| *field == number)
            .filter_map(|(_, value)| match value {
                Value::Varint(value) => Some(value),
                Value::Bytes(_) | Value::Fixed => None,
            })
            .last()
    }

    /// The last value of string field `number`, if it is UTF-8.
    pub fn string(&self, number: u64) -> Option<&'a str> {
        self.fields()
            .filter(|(field, _)| *field == number)
            .filter_map(|(_, value)| match value {
                Value::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
                Value::Varint(_) | Value::Fixed => None,
            })
            .last()
    }

    /// Every field in order, stopping at the first malformed one.
    fn fields(&self) -> impl Iterator<Item = (u64, Value<'a>)> + 'a {
        let mut rest = self.bytes;
        std::iter::from_fn(move || {
            let (key, after) = read_varint(rest)?;
            let (value, after) = match key & 7 {
                0 => {
                    let (value, after) = read_varint(after)?;
                    (Value::Varint(value), after)
                }
                1 => (Value::Fixed, after.get(8..)?),
                2 => {
                    let (length, after) = read_varint(after)?;
                    let length = usize::try_from(length).ok()?;
                    (Value::Bytes(after.get(..length)?), after.get(length..)?)
                }
                5 => (Value::Fixed, after.get(4..)?),
                _ => return None,
            };
            rest = after;
            Some((key >> 3, value))
        })
    }
}

/// A varint and the bytes after it.
fn read_varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value = 0u64;
    for (index, byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * index);
        if byte & 0x80 == 0 {
            return Some((value, bytes.get(index + 1..)?));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_varints_and_strings_and_skips_the_rest() {
        // field 1 = 3 (varint), field 2 = "hi" (bytes), field 3 fixed64, field 4 = 300.
        let bytes = [0x08, 0x03, 0x12, 0x02, b'h', b'i', 0x19, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0xac, 0x02];
        let message = Message::new(&bytes);
        assert_eq!(message.varint(1), Some(3));
        assert_eq!(message.string(2), Some("hi"));
        assert_eq!(message.varint(4), Some(300));
        assert_eq!(message.varint(9), None);
    }

    #[test]
    fn malformed_bytes_end_the_message_without_panicking() {
        for bytes in [&[0x12, 0x7f, b'a'][..], &[0x08][..], &[0xff; 12][..], &[0x0f, 0x01][..]] {
            assert_eq!(Message::new(bytes).varint(1), None, "{bytes:?}");
        }
    }
}
