//! The width and height in an attachment's `_wp_attachment_metadata`, a
//! PHP-serialized array (`a:5:{s:5:"width";i:1200;s:6:"height";i:800;…}`).
//!
//! Our own small reader: we need two integers, and the crates for PHP's
//! format pull in serde machinery for the whole value model. Exports that
//! went through a charset conversion often have string lengths that no
//! longer match their bytes, so when the strict reading fails, the first
//! top-level `"width";i:N;` and `"height";i:N;` are taken instead.

/// The top-level `width` and `height` of a serialized attachment metadata
/// array, both positive, or `None`.
pub fn image_size(serialized: &str) -> Option<(u32, u32)> {
    strict(serialized.trim().as_bytes()).or_else(|| lenient(serialized))
}

/// A PHP value, as far as we need it.
#[derive(Debug, PartialEq)]
enum Value {
    Int(i64),
    Str(Vec<u8>),
    Other,
    Array(Vec<(Value, Value)>),
}

fn strict(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 0;
    let Value::Array(entries) = value(bytes, &mut at, 0)? else {
        return None;
    };
    let get = |key: &[u8]| {
        entries.iter().find_map(|(k, v)| match (k, v) {
            (Value::Str(k), Value::Int(n)) if k == key => u32::try_from(*n).ok(),
            (Value::Str(k), Value::Str(s)) if k == key => std::str::from_utf8(s).ok()?.parse().ok(),
            _ => None,
        })
    };
    positive(get(b"width")?, get(b"height")?)
}

fn positive(w: u32, h: u32) -> Option<(u32, u32)> {
    (w > 0 && h > 0).then_some((w, h))
}

/// Reads a number up to `end`, moving past `end`.
fn number(bytes: &[u8], at: &mut usize, end: u8) -> Option<i64> {
    let start = *at;
    while *at < bytes.len() && bytes[*at] != end {
        *at += 1;
    }
    let text = std::str::from_utf8(bytes.get(start..*at)?).ok()?;
    *at += 1;
    text.trim().parse().ok()
}

fn expect(bytes: &[u8], at: &mut usize, what: u8) -> Option<()> {
    (bytes.get(*at) == Some(&what)).then(|| *at += 1)
}

fn value(bytes: &[u8], at: &mut usize, depth: u32) -> Option<Value> {
    if depth > 32 {
        return None;
    }
    let kind = *bytes.get(*at)?;
    *at += 1;
    match kind {
        b'N' => {
            expect(bytes, at, b';')?;
            Some(Value::Other)
        }
        b'i' | b'b' => {
            expect(bytes, at, b':')?;
            Some(Value::Int(number(bytes, at, b';')?))
        }
        b'd' => {
            expect(bytes, at, b':')?;
            let start = *at;
            while *bytes.get(*at)? != b';' {
                *at += 1;
            }
            let text = std::str::from_utf8(&bytes[start..*at]).ok()?;
            *at += 1;
            let f: f64 = text.parse().ok()?;
            Some(if f.fract() == 0.0 {
                Value::Int(f as i64)
            } else {
                Value::Other
            })
        }
        b's' => {
            expect(bytes, at, b':')?;
            let len = usize::try_from(number(bytes, at, b':')?).ok()?;
            expect(bytes, at, b'"')?;
            let s = bytes.get(*at..*at + len)?.to_vec();
            *at += len;
            expect(bytes, at, b'"')?;
            expect(bytes, at, b';')?;
            Some(Value::Str(s))
        }
        b'a' => {
            expect(bytes, at, b':')?;
            let n = usize::try_from(number(bytes, at, b':')?).ok()?;
            expect(bytes, at, b'{')?;
            let mut entries = Vec::with_capacity(n.min(64));
            for _ in 0..n {
                let k = value(bytes, at, depth + 1)?;
                let v = value(bytes, at, depth + 1)?;
                entries.push((k, v));
            }
            expect(bytes, at, b'}')?;
            Some(Value::Array(entries))
        }
        _ => None,
    }
}

/// The first `"width";i:N;` and `"height";i:N;` before any nested array
/// (the `sizes` and `image_meta` arrays hold widths of their own).
fn lenient(text: &str) -> Option<(u32, u32)> {
    // Skip the outer `a:N:{`, then stop at the next `{`.
    let body = &text[text.find('{')? + 1..];
    let top = &body[..body.find('{').unwrap_or(body.len())];
    let find = |key: &str| -> Option<u32> {
        let at = top.find(&format!("\"{key}\";"))? + key.len() + 3;
        let rest = top[at..].strip_prefix("i:")?;
        rest[..rest.find(';')?].trim().parse().ok()
    };
    positive(find("width")?, find("height")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: &str = r#"a:5:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:15:"2020/01/x.jpg";s:5:"sizes";a:1:{s:9:"thumbnail";a:4:{s:4:"file";s:13:"x-150x150.jpg";s:5:"width";i:150;s:6:"height";i:150;s:9:"mime-type";s:10:"image/jpeg";}}s:10:"image_meta";a:2:{s:8:"aperture";s:1:"0";s:11:"orientation";i:0;}}"#;

    #[test]
    fn reads_the_top_level_size() {
        assert_eq!(image_size(META), Some((1200, 800)));
    }

    #[test]
    fn strict_reading_sees_nested_arrays() {
        // The wrong length of "file" breaks the strict reading; the lenient
        // one still takes the top-level numbers, not the thumbnail's.
        let broken = META.replace("s:15:\"2020/01/x.jpg\"", "s:99:\"2020/01/x.jpg\"");
        assert_eq!(strict(broken.as_bytes()), None);
        assert_eq!(image_size(&broken), Some((1200, 800)));
    }

    #[test]
    fn sizes_given_as_strings_or_in_any_order() {
        assert_eq!(
            image_size(r#"a:2:{s:6:"height";s:3:"480";s:5:"width";i:640;}"#),
            Some((640, 480))
        );
        let multibyte = r#"a:3:{s:4:"file";s:6:"é.jpg";s:5:"width";i:10;s:6:"height";i:20;}"#;
        assert_eq!(image_size(multibyte), Some((10, 20)));
    }

    #[test]
    fn no_size_is_none() {
        for bad in [
            "",
            "a:0:{}",
            "not php",
            r#"a:1:{s:5:"width";i:10;}"#,
            r#"a:2:{s:5:"width";i:0;s:6:"height";i:5;}"#,
        ] {
            assert_eq!(image_size(bad), None, "{bad}");
        }
    }
}
