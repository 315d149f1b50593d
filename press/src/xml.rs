//! Just enough XML: escaping text and attribute values, and the two ways
//! feeds and sitemaps write times.

/// Appends `text` to `out` with `& < > " '` escaped, leaving out characters
/// XML 1.0 does not allow (control characters other than tab and newlines).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// `<name>text</name>`, escaped, on its own line.
pub fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape_into(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// (year, month, day, hour, minute, second, weekday 0 = Sunday) in UTC.
fn civil(epoch: i64) -> (i64, i64, i64, i64, i64, i64, usize) {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (year, month, day) = broadsheet_model::civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday.
    (year, month, day, secs / 3600, secs / 60 % 60, secs % 60, weekday)
}

/// RFC 822 time as RSS 2.0 writes it, in GMT: `Thu, 11 Jul 2024 07:00:00 GMT`.
pub fn rfc822(epoch: i64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi, s, wd) = civil(epoch);
    format!(
        "{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} GMT",
        DAYS[wd],
        MONTHS[mo as usize - 1]
    )
}

/// W3C date-time in UTC, as sitemaps write it: `2024-07-11T07:00:00Z`.
pub fn w3c(epoch: i64) -> String {
    let (y, mo, d, h, mi, s, _) = civil(epoch);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_model::parse_rfc3339;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape(r#"Fish & chips <b>"hot"</b> it's"#),
            "Fish &amp; chips &lt;b&gt;&quot;hot&quot;&lt;/b&gt; it&apos;s"
        );
        assert_eq!(escape("a\u{1}b\tc"), "ab\tc");
    }

    #[test]
    fn formats_times() {
        let t = parse_rfc3339("2024-07-11T09:00:00+02:00").unwrap();
        assert_eq!(rfc822(t), "Thu, 11 Jul 2024 07:00:00 GMT");
        assert_eq!(w3c(t), "2024-07-11T07:00:00Z");
        assert_eq!(rfc822(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        let leap = parse_rfc3339("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(rfc822(leap), "Thu, 29 Feb 2024 23:59:59 GMT");
        let old = parse_rfc3339("1969-12-31T23:00:00Z").unwrap();
        assert_eq!(w3c(old), "1969-12-31T23:00:00Z");
        for s in [
            "2000-03-01T00:00:00Z",
            "2100-12-31T12:34:56Z",
            "1999-01-01T00:00:00Z",
        ] {
            assert_eq!(w3c(parse_rfc3339(s).unwrap()), s);
        }
    }
}
