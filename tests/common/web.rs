//! A tiny HTTP/1.1 client for `quiz serve` tests, and a student who takes
//! the exam through it.

use std::io::{Read, Write};
use std::net::TcpStream;

/// One HTTP/1.1 exchange: (status, headers, body).
pub fn http(
    address: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    let body = form.unwrap_or("");
    if form.is_some() {
        request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

pub fn value_after<'t>(text: &'t str, marker: &str) -> &'t str {
    let start = text.find(marker).map(|at| at + marker.len()).unwrap_or(text.len());
    let rest = &text[start..];
    &rest[..rest.find('"').unwrap_or(rest.len())]
}

/// A student: joins as `name` and answers every question with the choices
/// `pick` gives, one page at a time; returns their session cookie.
pub fn take_exam(address: &str, name: &str, pick: impl Fn(usize) -> &'static str) -> String {
    let (_, _, home) = http(address, "GET", "/", None, None);
    let csrf = value_after(&home, "name=\"csrf\" value=\"").to_string();
    let (status, head, _) = http(address, "POST", "/join", None, Some(&format!("csrf={csrf}&name={name}")));
    assert_eq!(status, 303, "{head}");
    let cookie = session_cookie(&head);
    resume(address, &cookie, pick);
    cookie
}

/// Answers the student's remaining questions.
pub fn resume(address: &str, cookie: &str, pick: impl Fn(usize) -> &'static str) {
    loop {
        let (status, head, page) = http(address, "GET", "/exam", Some(cookie), None);
        if status == 303 {
            assert!(head.contains("location: /done"), "{head}");
            return;
        }
        let action = value_after(&page, "action=\"/answer/").to_string();
        let position: usize = action.parse().unwrap();
        let csrf = value_after(&page, "name=\"csrf\" value=\"");
        let form = format!("csrf={csrf}&q{position}={}", pick(position));
        let (status, head, _) = http(address, "POST", &format!("/answer/{position}"), Some(cookie), Some(&form));
        assert_eq!(status, 303, "{head}");
    }
}

/// The `quiz_session=…` pair from a response's headers.
pub fn session_cookie(head: &str) -> String {
    let cookie = value_after(&head.replace("\r\n", "\""), "set-cookie: ").split(';').next().unwrap().to_string();
    assert!(cookie.starts_with("quiz_session="), "{head}");
    cookie
}
