//! Comments: what a valid comment is, and the one seam through which one is
//! posted. Pure logic; the form is `components::CommentForm`.

/// The longest comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Comment,
    Name,
    Email,
    Website,
}

impl Field {
    /// The form control's id.
    pub fn id(self) -> &'static str {
        match self {
            Field::Comment => "comment",
            Field::Name => "author",
            Field::Email => "email",
            Field::Website => "url",
        }
    }
}

/// What the reader entered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommentInput {
    pub comment: String,
    pub name: String,
    pub email: String,
    pub website: String,
}

/// Every problem, in the order of the fields on the form.
pub fn validate(input: &CommentInput) -> Vec<(Field, String)> {
    let mut errors = Vec::new();
    let comment = input.comment.trim();
    if comment.is_empty() {
        errors.push((Field::Comment, "Please enter your comment!".to_string()));
    } else {
        let length = input.comment.chars().count();
        if length > MAX_COMMENT_CHARS {
            errors.push((
                Field::Comment,
                format!("Your comment is {length} characters long; please keep it to {MAX_COMMENT_CHARS}."),
            ));
        }
    }
    if input.name.trim().is_empty() {
        errors.push((Field::Name, "Please enter your name here".to_string()));
    }
    if !is_email(input.email.trim()) {
        errors.push((
            Field::Email,
            "You have entered an incorrect email address!".to_string(),
        ));
    }
    let website = input.website.trim();
    if !website.is_empty() && !is_web_address(website) {
        errors.push((
            Field::Website,
            "Please enter a website address starting with http:// or https://, or leave it empty."
                .to_string(),
        ));
    }
    errors
}

/// A plausible address: one `@`, something before it, a dotted domain after
/// it, no spaces. (The server checks by sending mail; this catches typos.)
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let labels_ok = domain
        .split('.')
        .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    !local.is_empty()
        && domain.contains('.')
        && labels_ok
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
        && !domain.contains('@')
}

/// An http(s) URL with a host.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.contains('.') || host == "localhost" || host.starts_with("localhost:");
    host_ok && !host.starts_with('.') && !url.chars().any(char::is_whitespace)
}

/// "123 / 5000".
pub fn count_label(comment: &str) -> String {
    format!("{} / {MAX_COMMENT_CHARS}", comment.chars().count())
}

/// How long a request to the comment server may take before it counts as
/// failed.
pub const TIMEOUT_MS: u64 = 10_000;

/// Where comments go: nowhere (the site takes none), or an Isso server.
#[derive(Debug, Clone, PartialEq)]
pub enum CommentService {
    Disabled,
    /// An Isso server answering at `endpoint` (no trailing slash).
    Isso {
        endpoint: String,
    },
}

impl CommentService {
    /// The service the site file names. A path endpoint is under the site's
    /// base path; an unknown service means none.
    pub fn from_site(comments: Option<&broadsheet_model::Comments>) -> CommentService {
        match comments {
            Some(c) if c.service == "isso" && !c.endpoint.trim().is_empty() => CommentService::Isso {
                endpoint: crate::links::from_content(c.endpoint.trim_end_matches('/')),
            },
            _ => CommentService::Disabled,
        }
    }

    pub async fn post(
        &self,
        article_path: &str,
        title: &str,
        input: &CommentInput,
        parent: Option<i64>,
    ) -> Result<PostOutcome, PostError> {
        match self {
            CommentService::Disabled => Err(PostError::NotAccepting),
            CommentService::Isso { endpoint } => {
                crate::isso::post(&new_url(endpoint, article_path), title, input, parent).await
            }
        }
    }
}

/// How a post ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PostOutcome {
    /// Listed at once: the comment as the server gave it back, if it could
    /// be read.
    Published(Option<Comment>),
    AwaitingModeration,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PostError {
    /// This site takes no comments (yet).
    NotAccepting,
    /// The server refused the comment, for this reason (in plain words).
    Refused(String),
    /// The server failed, did not answer in time, or could not be reached.
    Failed,
}

impl PostError {
    pub fn message(&self) -> String {
        match self {
            PostError::NotAccepting => {
                "This site is not accepting comments yet. Your draft stays saved in this browser.".into()
            }
            PostError::Refused(reason) => {
                format!("Your comment was not posted: {reason} Your draft is saved.")
            }
            PostError::Failed => "Your comment could not be posted. Your draft is saved — try again.".into(),
        }
    }
}

/// What an Isso answer to `POST /new` means: 201 published, 202 held for
/// moderation, 400/403 refused (Isso's reason, in plain words), anything
/// else a failure to try again.
pub fn post_outcome(status: u16, body: &str) -> Result<PostOutcome, PostError> {
    match status {
        201 => Ok(PostOutcome::Published(None)),
        202 => Ok(PostOutcome::AwaitingModeration),
        400 | 403 => Err(PostError::Refused(plain_reason(&isso_reason(body)))),
        _ => Err(PostError::Failed),
    }
}

/// Isso's reason in an error answer: `{"message": "403 Forbidden: …"}`
/// (JSON, when it raises) or an HTML page whose last paragraph holds it.
pub fn isso_reason(body: &str) -> String {
    let body = body.trim();
    let reason = if body.starts_with('{') {
        body.split_once("\"message\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .and_then(|(_, rest)| rest.split_once('"'))
            .map_or("", |(message, _)| message)
    } else {
        body.rsplit_once("<p>")
            .and_then(|(_, rest)| rest.split_once("</p>"))
            .map_or("", |(reason, _)| reason)
    };
    let reason = unescape(reason.trim());
    // "403 Forbidden: reason"
    match reason.split_once(": ") {
        Some((status, rest)) if status.starts_with(|c: char| c.is_ascii_digit()) => rest.to_string(),
        _ => reason,
    }
}

/// Isso's reasons, said to a reader.
pub fn plain_reason(reason: &str) -> String {
    let said = if reason.contains("text is too short") {
        "it is too short; please write at least 3 characters."
    } else if reason.contains("text is too long") {
        "it is too long for the comment server."
    } else if reason.contains("ratelimit exceeded") {
        "you have posted several comments in the last minute; please wait a minute and try again."
    } else if reason.contains("direct responses to") {
        "you have already posted as many comments on this article as the site allows."
    } else if reason.contains("email address required") {
        "the site needs your email address."
    } else if reason.contains("author address required") {
        "the site needs your name."
    } else if reason.contains("Website") || reason.contains("website") {
        "the comment server did not accept the website address."
    } else if reason == "CSRF" {
        "the comment server refused the request."
    } else if reason.is_empty() {
        "the comment server refused it."
    } else {
        return format!("the comment server said “{reason}”.");
    };
    said.to_string()
}

/// The address a thread is read from: `{endpoint}/?uri=<path>`.
pub fn thread_url(endpoint: &str, article_path: &str) -> String {
    format!("{endpoint}/?uri={}", encode_query(article_path))
}

/// The address a comment is posted to: `{endpoint}/new?uri=<path>`.
pub fn new_url(endpoint: &str, article_path: &str) -> String {
    format!("{endpoint}/new?uri={}", encode_query(article_path))
}

/// Percent-encodes a query value, keeping `/` (as Isso's own client does).
fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One published comment, as Isso gives it; replies under their parent.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Comment {
    pub id: i64,
    /// 1 published, 2 awaiting moderation, 4 deleted (kept for its replies).
    #[serde(default)]
    pub mode: u8,
    /// HTML, rendered by Isso from the reader's Markdown.
    #[serde(default)]
    pub text: String,
    /// HTML-escaped by Isso.
    #[serde(default)]
    pub author: Option<String>,
    /// HTML-escaped by Isso.
    #[serde(default)]
    pub website: Option<String>,
    /// Seconds since the Unix epoch.
    #[serde(default)]
    pub created: f64,
    #[serde(default)]
    pub replies: Vec<Comment>,
    /// The comment this one answers (Isso keeps replies one level deep: a
    /// reply to a reply answers the first comment).
    #[serde(default)]
    pub parent: Option<i64>,
}

/// The comment a reader chose to answer, while they write the reply.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyTarget {
    pub id: i64,
    pub author: String,
}

/// The listed thread with the comments published on this page since it was
/// read added once each: a reply under the comment it answers (or that
/// comment's own parent), anything else at the end.
pub fn with_published(mut listed: Vec<Comment>, published: &[Comment]) -> Vec<Comment> {
    for comment in published {
        let known = |c: &Comment| c.id == comment.id || c.replies.iter().any(|r| r.id == comment.id);
        if listed.iter().any(known) {
            continue;
        }
        let answers = |c: &&mut Comment| {
            comment
                .parent
                .is_some_and(|p| c.id == p || c.replies.iter().any(|r| r.id == p))
        };
        match listed.iter_mut().find(answers) {
            Some(parent) => parent.replies.push(comment.clone()),
            None => listed.push(comment.clone()),
        }
    }
    listed
}

/// Isso's answer to `GET /?uri=`: the top-level comments.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Thread {
    #[serde(default)]
    pub replies: Vec<Comment>,
}

impl Comment {
    pub fn is_deleted(&self) -> bool {
        self.mode == 4
    }

    /// The author's name as typed.
    pub fn author_name(&self) -> String {
        match self.author.as_deref().map(unescape) {
            Some(name) if !name.trim().is_empty() => name,
            _ => "Anonymous".to_string(),
        }
    }

    /// The author's website, if it is an http(s) address (anything else is
    /// never made a link).
    pub fn website_link(&self) -> Option<String> {
        let url = unescape(self.website.as_deref()?.trim());
        is_web_address(&url).then_some(url)
    }
}

/// Comments shown (deleted ones only hold their replies' place).
pub fn visible_count(comments: &[Comment]) -> usize {
    comments
        .iter()
        .map(|c| usize::from(!c.is_deleted()) + visible_count(&c.replies))
        .sum()
}

/// The heading over the list.
pub fn count_heading(count: usize) -> String {
    match count {
        0 => "No comments yet".to_string(),
        1 => "1 comment".to_string(),
        n => format!("{n} comments"),
    }
}

/// Undoes the HTML escaping Isso applies to names and addresses.
pub fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Seconds since the epoch as RFC 3339, for `<time datetime>`.
pub fn rfc3339(secs: f64) -> String {
    let secs = secs.floor() as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = broadsheet_model::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: i64, parent: Option<i64>, replies: Vec<Comment>) -> Comment {
        Comment {
            id,
            mode: 1,
            text: format!("<p>{id}</p>"),
            author: None,
            website: None,
            created: 0.0,
            replies,
            parent,
        }
    }

    fn ids(comments: &[Comment]) -> Vec<(i64, Vec<i64>)> {
        comments
            .iter()
            .map(|c| (c.id, c.replies.iter().map(|r| r.id).collect()))
            .collect()
    }

    #[test]
    fn published_comments_join_the_thread_once_each_replies_under_their_parent() {
        let thread = vec![
            listed(1, None, vec![listed(2, Some(1), vec![])]),
            listed(3, None, vec![]),
        ];
        let published = [
            listed(4, None, vec![]),
            listed(5, Some(3), vec![]),
            // A reply to a reply answers the first comment, as Isso keeps it.
            listed(6, Some(2), vec![]),
            // Already listed (the thread was read again after the post).
            listed(2, Some(1), vec![]),
            listed(3, None, vec![]),
            // Its parent is not on the page (deleted meanwhile): at the end.
            listed(7, Some(99), vec![]),
        ];
        assert_eq!(
            ids(&with_published(thread, &published)),
            vec![(1, vec![2, 6]), (3, vec![5]), (4, vec![]), (7, vec![])]
        );
        assert!(with_published(Vec::new(), &[]).is_empty());
    }

    fn input(comment: &str, name: &str, email: &str, website: &str) -> CommentInput {
        CommentInput {
            comment: comment.into(),
            name: name.into(),
            email: email.into(),
            website: website.into(),
        }
    }

    fn fields(errors: &[(Field, String)]) -> Vec<Field> {
        errors.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn a_complete_comment_is_valid() {
        assert!(validate(&input("Good piece.", "Ann", "ann@example.org", "")).is_empty());
        assert!(validate(&input(
            "Good piece.",
            "Ann",
            "ann@example.org",
            "https://ann.example/blog"
        ))
        .is_empty());
    }

    #[test]
    fn each_missing_field_has_its_message_in_form_order() {
        let errors = validate(&input(" \n ", "  ", "", "ftp://x.org"));
        assert_eq!(
            fields(&errors),
            vec![Field::Comment, Field::Name, Field::Email, Field::Website]
        );
        assert_eq!(errors[0].1, "Please enter your comment!");
        assert_eq!(errors[1].1, "Please enter your name here");
        assert_eq!(errors[2].1, "You have entered an incorrect email address!");
        assert!(errors[3].1.contains("http"));
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@mail.example.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.co",
            "a@b",
            "a b@c.org",
            "a@b..org",
            "a@@b.org",
            "a@-b.org",
            "a@b.org,",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn websites() {
        for ok in ["https://a.org", "http://a.org/x?y#z", "HTTPS://A.ORG"] {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "a.org",
            "javascript:alert(1)",
            "https://",
            "https:// a.org",
            "ftp://a.org",
            "https://nodot",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn long_comments_are_refused_but_counted() {
        let long = "x".repeat(MAX_COMMENT_CHARS + 1);
        let errors = validate(&input(&long, "Ann", "a@b.co", ""));
        assert_eq!(fields(&errors), vec![Field::Comment]);
        assert_eq!(count_label("héllo"), "5 / 5000");
    }

    #[test]
    fn without_a_service_nothing_is_posted() {
        let outcome = futures_lite_block_on(CommentService::Disabled.post(
            "/world/a",
            "A",
            &CommentInput::default(),
            None,
        ));
        assert_eq!(outcome, Err(PostError::NotAccepting));
        assert!(PostError::NotAccepting.message().contains("draft"));
    }

    #[test]
    fn isso_answers_to_a_post() {
        assert_eq!(post_outcome(201, "{}"), Ok(PostOutcome::Published(None)));
        assert_eq!(post_outcome(202, "{}"), Ok(PostOutcome::AwaitingModeration));
        // Isso 0.14 answers a failed check with an HTML page…
        let short = "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n\
                     <h1>Bad Request</h1>\n<p>text is too short (minimum length: 3)</p>\n";
        assert_eq!(
            post_outcome(400, short),
            Err(PostError::Refused(
                "it is too short; please write at least 3 characters.".into()
            ))
        );
        // …and a guard's refusal with JSON.
        let limited = r#"{"message": "403 Forbidden: 127.0.0.0: ratelimit exceeded (1, 2)"}"#;
        let Err(PostError::Refused(reason)) = post_outcome(403, limited) else {
            panic!("a 403 is a refusal");
        };
        assert!(reason.contains("wait a minute"), "{reason}");
        // Reasons it has no words for are quoted, unescaped.
        assert_eq!(
            post_outcome(400, "<p>parent must be an integer &amp; more</p>"),
            Err(PostError::Refused(
                "the comment server said “parent must be an integer & more”.".into()
            ))
        );
        assert_eq!(
            post_outcome(403, ""),
            Err(PostError::Refused("the comment server refused it.".into()))
        );
        for status in [0, 200, 404, 500, 502, 503, 504] {
            assert_eq!(
                post_outcome(status, "<html>Bad Gateway</html>"),
                Err(PostError::Failed),
                "{status}"
            );
        }
        assert_eq!(
            PostError::Failed.message(),
            "Your comment could not be posted. Your draft is saved — try again."
        );
        assert!(PostError::Refused("x.".into())
            .message()
            .contains("draft is saved"));
    }

    #[test]
    fn isso_addresses() {
        assert_eq!(
            thread_url("https://c.example.org", "/world/a-b"),
            "https://c.example.org/?uri=/world/a-b"
        );
        assert_eq!(
            new_url("/comments", "/news/world/a b&c"),
            "/comments/new?uri=/news/world/a%20b%26c"
        );
        let site = |service: &str, endpoint: &str| broadsheet_model::Comments {
            service: service.into(),
            endpoint: endpoint.into(),
        };
        assert_eq!(CommentService::from_site(None), CommentService::Disabled);
        assert_eq!(
            CommentService::from_site(Some(&site("disqus", "https://d.example"))),
            CommentService::Disabled
        );
        assert_eq!(
            CommentService::from_site(Some(&site("isso", "https://c.example.org/"))),
            CommentService::Isso {
                endpoint: "https://c.example.org".into()
            }
        );
        assert_eq!(
            CommentService::from_site(Some(&site("isso", "/comments"))),
            CommentService::Isso {
                endpoint: "/comments".into()
            }
        );
    }

    // serde_json is a native dev-dependency; in the browser, JSON.parse decodes.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn comments_as_isso_gives_them() {
        let thread: Thread = serde_json::from_str(
            r#"{"id": null, "total_replies": 4, "replies": [
                {"id": 1, "parent": null, "created": 1720681200.5, "mode": 1,
                 "text": "<p>First</p>", "author": "Ann &lt;b&gt;", "website": "https://a.example/?x=1&amp;y=2",
                 "replies": [{"id": 3, "parent": 1, "created": 1720681300, "mode": 1, "text": "<p>Re</p>",
                              "author": null, "website": "javascript:alert(1)", "replies": []}]},
                {"id": 2, "created": 1720681250, "mode": 4, "text": "", "author": null, "website": null,
                 "replies": [{"id": 4, "created": 1720681260, "mode": 1, "text": "<p>Under a deleted one</p>"}]}
            ], "config": {}}"#,
        )
        .unwrap();
        assert_eq!(
            visible_count(&thread.replies),
            3,
            "the deleted comment is not counted"
        );
        let first = &thread.replies[0];
        assert_eq!(first.author_name(), "Ann <b>");
        assert_eq!(
            first.website_link().as_deref(),
            Some("https://a.example/?x=1&y=2")
        );
        let reply = &first.replies[0];
        assert_eq!(reply.author_name(), "Anonymous");
        assert_eq!(reply.website_link(), None, "only http(s) addresses become links");
        assert!(thread.replies[1].is_deleted());
        assert_eq!(rfc3339(first.created), "2024-07-11T07:00:00Z");
        assert_eq!(rfc3339(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(count_heading(0), "No comments yet");
        assert_eq!(count_heading(1), "1 comment");
        assert_eq!(count_heading(3), "3 comments");
        assert_eq!(unescape("&amp;lt; &quot;q&quot; &#x27;s&#39;"), "&lt; \"q\" 's'");
    }

    /// Polls a future that never waits.
    fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("the disabled service never waits"),
        }
    }
}
