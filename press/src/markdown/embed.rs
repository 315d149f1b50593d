//! A fenced block ```` ```embed ```` to a link card: something published
//! elsewhere, shown as a link to it, never as the other site's script or frame.

use super::MarkdownError;
use broadsheet_model::Block;

/// The card that `text` (a fenced `embed` block's lines, the first of them
/// at byte offset `at`) describes: a URL, then an optional title.
pub fn card(text: &str, at: usize) -> Result<Block, MarkdownError> {
    let mut lines = Vec::new();
    let mut offset = at;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            lines.push((offset + line.len() - line.trim_start().len(), line.trim()));
        }
        offset += line.len();
    }
    let Some(&(url_at, url)) = lines.first() else {
        return Err((at, "an embed needs a URL on its first line, then a title".into()));
    };
    let Some(host) = host(url) else {
        return Err((
            url_at,
            format!("embed {url:?} must be an http(s) URL (https://host/…) on its first line"),
        ));
    };
    if let Some(&(extra_at, _)) = lines.get(2) {
        return Err((extra_at, "an embed is two lines: a URL, then a title".into()));
    }
    let title = lines.get(1).map_or(host, |&(_, title)| title);
    Ok(Block::Embed {
        url: url.to_string(),
        title: title.to_string(),
        provider: provider(host),
    })
}

/// The host of an http(s) URL with no spaces in it, without its port, or
/// `None` for anything else.
fn host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = host_port.split(':').next()?;
    let valid = !host.is_empty() && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    valid.then_some(host)
}

/// Who publishes what is at `host`, as readers know them: the well-known
/// services by name, any other by its host without `www.`.
pub fn provider(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    const KNOWN: &[(&str, &str)] = &[
        ("youtube.com", "YouTube"),
        ("youtu.be", "YouTube"),
        ("youtube-nocookie.com", "YouTube"),
        ("twitter.com", "X"),
        ("x.com", "X"),
        ("vimeo.com", "Vimeo"),
        ("instagram.com", "Instagram"),
        ("facebook.com", "Facebook"),
        ("tiktok.com", "TikTok"),
        ("soundcloud.com", "SoundCloud"),
        ("open.spotify.com", "Spotify"),
        ("spotify.com", "Spotify"),
        ("bsky.app", "Bluesky"),
        ("flickr.com", "Flickr"),
        ("reddit.com", "Reddit"),
        ("linkedin.com", "LinkedIn"),
        ("threads.net", "Threads"),
    ];
    KNOWN
        .iter()
        .find(|(known, _)| host == *known || host.ends_with(&format!(".{known}")))
        .map_or_else(|| host.to_string(), |(_, name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed(text: &str) -> (String, String, String) {
        match card(text, 0) {
            Ok(Block::Embed { url, title, provider }) => (url, title, provider),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn url_title_and_provider() {
        let (url, title, provider) = embed("https://www.youtube.com/watch?v=abc\nThe count, in full\n");
        assert_eq!(url, "https://www.youtube.com/watch?v=abc");
        assert_eq!(title, "The count, in full");
        assert_eq!(provider, "YouTube");
        assert_eq!(embed("https://x.com/a/status/1").2, "X");
        assert_eq!(embed("https://vimeo.com/1").2, "Vimeo");
        assert_eq!(embed("https://m.youtube.com/watch?v=1").2, "YouTube");
    }

    #[test]
    fn without_a_title_the_host_is_the_title() {
        let (_, title, provider) = embed("http://www.example.org:8080/a?b#c\n");
        assert_eq!(title, "www.example.org");
        assert_eq!(provider, "example.org");
    }

    #[test]
    fn a_url_that_is_not_http_is_an_error_at_its_line() {
        let (at, message) = card("\njavascript:alert(1)\nTitle\n", 10).unwrap_err();
        assert_eq!(at, 11);
        assert!(message.contains("http(s)"), "{message}");
        assert!(card("https:///nohost", 0).is_err());
        assert!(card("https://exa mple.org/", 0).is_err());
        assert!(card("ftp://example.org/", 0).is_err());
        assert_eq!(card("", 5).unwrap_err().0, 5);
        assert_eq!(card("https://a.org/\nT\nmore\n", 0).unwrap_err().0, 17);
    }
}
