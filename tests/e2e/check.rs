//! The error every step of a case returns, and assertions that return it
//! instead of panicking, so a failed case still closes its browser.

use std::fmt::Display;

/// Why a case failed, in words.
#[derive(Debug)]
pub struct Error(pub String);

pub type Result<T = ()> = std::result::Result<T, Error>;

// `Error` is deliberately not `Display`, so this does not overlap `From<T> for T`.
impl<E: Display> From<E> for Error {
    fn from(e: E) -> Self {
        Error(e.to_string())
    }
}

impl Error {
    /// This error with what was really found added to its text.
    pub fn and<T: std::fmt::Debug>(self, actual: T) -> Error {
        Error(format!("{}\n    found: {actual:?}", self.0))
    }
}

/// An `Error` from a message.
pub fn fail(message: impl Into<String>) -> Error {
    Error(message.into())
}

/// Returns an error with the message when the condition does not hold.
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        let holds: bool = $cond;
        if !holds {
            return Err($crate::check::Error(format!($($arg)+)));
        }
    };
}

/// `ensure_eq!(actual, expected, what)`: returns an error naming `what` and
/// both values when they differ.
macro_rules! ensure_eq {
    ($actual:expr, $expected:expr, $($what:tt)+) => {
        match (&$actual, &$expected) {
            (actual, expected) => {
                if actual != expected {
                    return Err($crate::check::Error(format!(
                        "{}:\n    expected {:?}\n    found    {:?}",
                        format!($($what)+),
                        expected,
                        actual
                    )));
                }
            }
        }
    };
}

/// The list of a module's cases, each named after its function.
macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        vec![$((stringify!($name), (|page, content| Box::pin($name(page, content))) as crate::cases::CaseFn)),*]
    };
}
