//! Reading back the XLSX files `quiz export --format kahoot` writes: shared
//! by the integration tests and the exporter's unit tests (which include this
//! file by path), so there is one reader of our spreadsheets.

use std::collections::BTreeMap;
use std::io::Read;

/// A file of the XLSX (a zip), as text; None when it is not there.
fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an XLSX is a zip");
    let mut text = String::new();
    archive.by_name(name).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The first sheet's XML.
pub fn sheet_xml(bytes: &[u8]) -> String {
    part(bytes, "xl/worksheets/sheet1.xml").expect("the first sheet")
}

/// The first sheet's cells by reference (`B8`), as text: shared or inline
/// strings, or the number as written.
pub fn cells(bytes: &[u8]) -> BTreeMap<String, String> {
    let shared_xml = part(bytes, "xl/sharedStrings.xml").unwrap_or_default();
    let sheet_xml = sheet_xml(bytes);
    let text_of = |node: roxmltree::Node| -> String {
        node.descendants().filter(|item| item.has_tag_name("t")).filter_map(|item| item.text()).collect()
    };
    let shared: Vec<String> = match shared_xml.is_empty() {
        true => Vec::new(),
        false => roxmltree::Document::parse(&shared_xml)
            .expect("shared strings parse")
            .root_element()
            .children()
            .filter(|node| node.has_tag_name("si"))
            .map(text_of)
            .collect(),
    };
    let sheet = roxmltree::Document::parse(&sheet_xml).expect("the sheet parses");
    let mut cells = BTreeMap::new();
    for cell in sheet.descendants().filter(|node| node.has_tag_name("c")) {
        let reference = cell.attribute("r").expect("a cell reference").to_string();
        let value = cell.children().find(|node| node.has_tag_name("v")).and_then(|node| node.text());
        let text = match cell.attribute("t") {
            Some("s") => shared[value.and_then(|index| index.parse::<usize>().ok()).expect("an index")].clone(),
            Some("inlineStr") => text_of(cell),
            _ => value.unwrap_or_default().to_string(),
        };
        cells.insert(reference, text);
    }
    cells
}
