//! A few lines of HTTP/1.1 over a loopback socket: enough to ask nginx and
//! chromedriver whether they are up, and to send chromedriver the commands
//! fantoccini has no method for (browser log, network conditions).

use crate::check::{fail, Result};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A response: status code, headers and body.
pub struct Response {
    pub status: u16,
    /// Names in lower case, in the order they came.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request to `127.0.0.1:port` and reads the whole response.
/// (Blocking socket I/O on tokio's blocking pool: the dev-dependencies have
/// no async I/O utilities, and these requests are few and small.)
pub async fn request(port: u16, method: &str, path: &str, body: Option<&str>) -> Result<Response> {
    let (m, p, b) = (method.to_string(), path.to_string(), body.map(str::to_string));
    tokio::task::spawn_blocking(move || exchange(port, &m, &p, b.as_deref(), ""))
        .await
        .map_err(|e| fail(format!("{method} {path}: {e}")))?
}

/// A GET with extra request headers (`Accept-Encoding`…).
pub async fn get_with(port: u16, path: &str, headers: &[(&str, &str)]) -> Result<Response> {
    let extra: String = headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
    let p = path.to_string();
    tokio::task::spawn_blocking(move || exchange(port, "GET", &p, None, &extra))
        .await
        .map_err(|e| fail(format!("GET {path}: {e}")))?
}

fn exchange(port: u16, method: &str, path: &str, body: Option<&str>, extra: &str) -> Result<Response> {
    let timeout = Some(Duration::from_secs(20));
    let mut stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))?;
    stream.set_read_timeout(timeout)?;
    stream.set_write_timeout(timeout)?;
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{extra}\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    // Read until the response is complete: some servers (chromedriver) keep
    // the connection open after answering, despite `Connection: close`.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = stream
            .read(&mut chunk)
            .map_err(|e| fail(format!("{method} http://127.0.0.1:{port}{path}: {e}")))?;
        raw.extend_from_slice(&chunk[..n]);
        if n == 0 || is_complete(&raw) {
            break;
        }
    }
    parse(&raw).ok_or_else(|| fail(format!("{method} {path} on port {port}: not an HTTP response")))
}

/// Whether `raw` holds a whole response, by its Content-Length or final chunk.
fn is_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    for line in head.lines() {
        if let Some(value) = line.strip_prefix("content-length:") {
            return value.trim().parse::<usize>().is_ok_and(|len| body.len() >= len);
        }
        if line.replace(' ', "") == "transfer-encoding:chunked" {
            return body.ends_with(b"0\r\n\r\n");
        }
    }
    false
}

fn parse(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let body = &raw[split + 4..];
    let status = head.lines().next()?.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = head
        .lines()
        .any(|l| l.to_ascii_lowercase().replace(' ', "") == "transfer-encoding:chunked");
    let body = if chunked { dechunk(body)? } else { body.to_vec() };
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}
