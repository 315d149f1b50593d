//! Dates for readers, in the site's language and time zone, formatted by the
//! browser's `Intl` so the app carries no calendar code.

/// How a timestamp is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// "Thursday, July 11, 2024": the date bar.
    Long,
    /// "July 11, 2024": bylines and cards.
    Medium,
}

/// What a card says about when something was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    Minutes(i64),
    Hours(i64),
    /// A day old or more (or in the future): show the date.
    Date,
}

/// "3 hours ago" for the last day, the date otherwise.
pub fn age(now_secs: i64, then_secs: i64) -> Age {
    let ago = now_secs - then_secs;
    match ago {
        0..=3_599 => Age::Minutes((ago / 60).max(1)),
        3_600..=86_399 => Age::Hours(ago / 3_600),
        _ => Age::Date,
    }
}

/// The `Intl.DateTimeFormat` options for a style, as (name, value) pairs.
pub fn options(style: Style) -> &'static [(&'static str, &'static str)] {
    match style {
        Style::Long => &[
            ("weekday", "long"),
            ("year", "numeric"),
            ("month", "long"),
            ("day", "numeric"),
        ],
        Style::Medium => &[("year", "numeric"), ("month", "long"), ("day", "numeric")],
    }
}

#[cfg(target_arch = "wasm32")]
mod intl {
    use super::{options, Style};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[derive(Clone)]
        type DateTimeFormat;
        // `catch`: an unknown locale or time zone throws a RangeError.
        #[wasm_bindgen(catch, constructor, js_namespace = Intl)]
        fn new(locale: &str, options: &js_sys::Object) -> Result<DateTimeFormat, JsValue>;
        #[wasm_bindgen(method)]
        fn format(this: &DateTimeFormat, date: &js_sys::Date) -> String;

        type RelativeTimeFormat;
        #[wasm_bindgen(catch, constructor, js_namespace = Intl)]
        fn new(locale: &str) -> Result<RelativeTimeFormat, JsValue>;
        #[wasm_bindgen(method, js_name = format)]
        fn format_relative(this: &RelativeTimeFormat, value: f64, unit: &str) -> String;
    }

    fn formatter(locale: &str, time_zone: &str, style: Style) -> Option<DateTimeFormat> {
        let make = |time_zone: Option<&str>| {
            let opts = js_sys::Object::new();
            let set = |k: &str, v: &str| js_sys::Reflect::set(&opts, &k.into(), &v.into());
            for (k, v) in options(style) {
                set(k, v).ok()?;
            }
            if let Some(tz) = time_zone {
                set("timeZone", tz).ok()?;
            }
            DateTimeFormat::new(locale, &opts).ok()
        };
        // A bad time zone in the site file falls back to the reader's own.
        make(Some(time_zone)).or_else(|| make(None))
    }

    /// Locale, time zone and style.
    type Key = (String, String, Style);

    std::thread_local! {
        // Making a formatter costs about a hundred times more than using one,
        // and a page of cards formats a date for each.
        static FORMATTERS: std::cell::RefCell<Vec<(Key, Option<DateTimeFormat>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    fn cached(locale: &str, time_zone: &str, style: Style) -> Option<DateTimeFormat> {
        FORMATTERS.with(|cache| {
            let hit = cache
                .borrow()
                .iter()
                .find(|((l, z, s), _)| l == locale && z == time_zone && *s == style)
                .map(|(_, f)| f.clone());
            hit.unwrap_or_else(|| {
                let made = formatter(locale, time_zone, style);
                let key = (locale.to_string(), time_zone.to_string(), style);
                cache.borrow_mut().push((key, made.clone()));
                made
            })
        })
    }

    pub fn format(millis: f64, locale: &str, time_zone: &str, style: Style) -> Option<String> {
        let date = js_sys::Date::new(&millis.into());
        cached(locale, time_zone, style)
            .or_else(|| cached("en-US", time_zone, style))
            .map(|f| f.format(&date))
    }

    pub fn relative(amount: i64, unit: &str, locale: &str) -> Option<String> {
        let f = RelativeTimeFormat::new(locale)
            .or_else(|_| RelativeTimeFormat::new("en-US"))
            .ok()?;
        Some(f.format_relative(-(amount as f64), unit))
    }
}

/// The current time in milliseconds since the epoch.
#[cfg(target_arch = "wasm32")]
pub fn now_millis() -> f64 {
    js_sys::Date::now()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn now_millis() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

/// `millis` (since the epoch) as a date in the site's locale and time zone.
pub fn format(millis: f64, locale: &str, time_zone: &str, style: Style) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = intl::format(millis, locale, time_zone, style) {
        return text;
    }
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(text) = native::format(millis, locale, time_zone, style) {
        return text;
    }
    let _ = (locale, time_zone, style);
    iso_day(millis)
}

/// Dates in pages rendered at build time: as `Intl` writes them in English
/// (the app then writes its own over them, for any language).
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::Style;

    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const WEEKDAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];

    pub fn format(millis: f64, locale: &str, time_zone: &str, style: Style) -> Option<String> {
        let language = locale.split(['-', '_']).next().unwrap_or_default();
        if !language.eq_ignore_ascii_case("en") {
            return None;
        }
        let zone = jiff::tz::TimeZone::get(time_zone).ok()?;
        let day = zone
            .to_datetime(jiff::Timestamp::from_millisecond(millis as i64).ok()?)
            .date();
        let month = MONTHS[day.month() as usize - 1];
        let weekday = WEEKDAYS[day.weekday().to_monday_zero_offset() as usize];
        let (d, y) = (day.day(), day.year());
        // American English puts the month first; the others, the day.
        let us = locale.eq_ignore_ascii_case("en") || locale[2..].eq_ignore_ascii_case("-us");
        Some(match (style, us) {
            (Style::Long, true) => format!("{weekday}, {month} {d}, {y}"),
            (Style::Medium, true) => format!("{month} {d}, {y}"),
            (Style::Long, false) => format!("{weekday} {d} {month} {y}"),
            (Style::Medium, false) => format!("{d} {month} {y}"),
        })
    }
}

/// An RFC 3339 timestamp from content as a date; the text itself if it is
/// not one, so a bad date never blanks a byline.
pub fn format_timestamp(timestamp: &str, locale: &str, time_zone: &str, style: Style) -> String {
    match broadsheet_model::parse_rfc3339(timestamp) {
        Some(secs) => format(secs as f64 * 1000.0, locale, time_zone, style),
        None => timestamp.to_string(),
    }
}

/// "3 hours ago" within a day of now, otherwise the date.
pub fn format_age(timestamp: &str, locale: &str, time_zone: &str) -> String {
    let Some(then) = broadsheet_model::parse_rfc3339(timestamp) else {
        return timestamp.to_string();
    };
    let now = (now_millis() / 1000.0) as i64;
    let (amount, unit) = match age(now, then) {
        Age::Minutes(m) => (m, "minute"),
        Age::Hours(h) => (h, "hour"),
        Age::Date => return format_timestamp(timestamp, locale, time_zone, Style::Medium),
    };
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = intl::relative(amount, unit, locale) {
        return text;
    }
    let plural = if amount == 1 { "" } else { "s" };
    format!("{amount} {unit}{plural} ago")
}

/// `YYYY-MM-DD` of a time, the fallback when `Intl` cannot help.
fn iso_day(millis: f64) -> String {
    let days = (millis / 86_400_000.0).floor() as i64;
    let (y, m, d) = broadsheet_model::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        assert_eq!(age(1000, 1000), Age::Minutes(1));
        assert_eq!(age(10_000, 10_000 - 59 * 60), Age::Minutes(59));
        assert_eq!(age(10_000, 10_000 - 3_600), Age::Hours(1));
        assert_eq!(age(100_000, 100_000 - 3 * 3_600 - 5), Age::Hours(3));
        assert_eq!(age(100_000, 100_000 - 86_400), Age::Date);
        assert_eq!(age(100, 200), Age::Date, "future times show the date");
    }

    #[test]
    fn intl_options_per_style() {
        assert!(options(Style::Long).contains(&("weekday", "long")));
        assert!(!options(Style::Medium).iter().any(|(k, _)| *k == "weekday"));
    }

    #[test]
    fn english_dates_outside_the_browser_as_intl_writes_them() {
        assert_eq!(
            format_timestamp("2024-07-11T07:00:00Z", "en-US", "UTC", Style::Long),
            "Thursday, July 11, 2024"
        );
        assert_eq!(
            format_timestamp("2000-02-29T23:59:59Z", "en-US", "UTC", Style::Medium),
            "February 29, 2000"
        );
        // The site's time zone decides the day.
        assert_eq!(
            format_timestamp("2024-07-11T02:00:00Z", "en-US", "America/New_York", Style::Medium),
            "July 10, 2024"
        );
        assert_eq!(
            format_timestamp("2024-07-11T07:00:00Z", "en-GB", "Europe/London", Style::Long),
            "Thursday 11 July 2024"
        );
    }

    #[test]
    fn other_languages_fall_back_to_iso_dates_outside_the_browser() {
        assert_eq!(
            format_timestamp("2024-07-11T07:00:00Z", "de-DE", "UTC", Style::Long),
            "2024-07-11"
        );
        assert_eq!(
            format_timestamp("1969-12-31T23:00:00Z", "en-US", "No/Such_Zone", Style::Medium),
            "1969-12-31"
        );
        assert_eq!(
            format_timestamp("yesterday", "en-US", "UTC", Style::Medium),
            "yesterday"
        );
    }
}
