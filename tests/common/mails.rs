//! Mails as lettre's file transport writes them, decoded for assertions.

use std::path::Path;

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for b in text.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=') {
        let v = ALPHABET.iter().position(|a| *a == b).unwrap_or_else(|| panic!("not base64: {}", b as char)) as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str, underscore_is_space: bool) -> Vec<u8> {
    let text = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 3 <= bytes.len() {
            out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap());
            i += 3;
        } else {
            out.push(if bytes[i] == b'_' && underscore_is_space { b' ' } else { bytes[i] });
            i += 1;
        }
    }
    out
}

/// Decodes RFC 2047 encoded words in a header value.
fn decode_header(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        // Whitespace between two encoded words is not part of the text.
        if out.is_empty() || !before.trim().is_empty() {
            out.push_str(before);
        }
        let word = &rest[start + 2..];
        let mut parts = word.splitn(3, '?');
        let (_charset, encoding, tail) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        let end = tail.find("?=").unwrap();
        let bytes = match encoding {
            "b" | "B" => base64(&tail[..end]),
            _ => quoted_printable(&tail[..end], true),
        };
        out.push_str(&String::from_utf8(bytes).unwrap());
        rest = &tail[end + 2..];
    }
    out.push_str(rest);
    out
}

/// A mail as the file transport wrote it: (decoded headers, decoded body).
pub fn read_mail(path: &Path) -> (Vec<(String, String)>, String) {
    let raw = std::fs::read_to_string(path).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with(' ') || line.starts_with('\t') {
            headers.last_mut().unwrap().1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let encoding = headers.iter().find(|(n, _)| n == "content-transfer-encoding").map(|(_, v)| v.to_ascii_lowercase());
    let body = match encoding.as_deref() {
        Some("base64") => String::from_utf8(base64(body)).unwrap(),
        Some("quoted-printable") => String::from_utf8(quoted_printable(body, false)).unwrap(),
        _ => body.to_string(),
    };
    let headers = headers.into_iter().map(|(n, v)| (n, decode_header(&v))).collect();
    (headers, body)
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {name}"))
}

pub fn mails(dir: &Path) -> Vec<(Vec<(String, String)>, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| read_mail(&p))
        .collect();
    out.sort_by(|a, b| header(&a.0, "to").cmp(header(&b.0, "to")));
    out
}
