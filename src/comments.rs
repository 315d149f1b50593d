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

/// Where comments go. No service is configured by default; a comment server
/// is added as a variant here.
#[derive(Debug, Clone, PartialEq)]
pub enum CommentService {
    Disabled,
}

/// How a post ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PostOutcome {
    Published,
    AwaitingModeration,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PostError {
    /// This site takes no comments (yet).
    NotAccepting,
}

impl PostError {
    pub fn message(&self) -> &'static str {
        match self {
            PostError::NotAccepting => {
                "This site is not accepting comments yet. Your draft stays saved in this browser."
            }
        }
    }
}

impl CommentService {
    pub async fn post(&self, _article_path: &str, _input: &CommentInput) -> Result<PostOutcome, PostError> {
        match self {
            CommentService::Disabled => Err(PostError::NotAccepting),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let outcome =
            futures_lite_block_on(CommentService::Disabled.post("/world/a", &CommentInput::default()));
        assert_eq!(outcome, Err(PostError::NotAccepting));
        assert!(PostError::NotAccepting.message().contains("draft"));
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
