use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a source file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceError {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub message: String,
}

impl SourceError {
    pub fn new(file: &Path, line: usize, message: impl Into<String>) -> Self {
        SourceError {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// 1-based lines of the byte `offsets` (in increasing order) in `text`, in one pass.
pub fn lines_of(text: &str, offsets: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut from = 0;
    offsets
        .iter()
        .map(|&offset| {
            let to = offset.clamp(from, bytes.len());
            line += bytes[from..to].iter().filter(|&&b| b == b'\n').count();
            from = to;
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets() {
        let text = "a\nbc\n\nd";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 3), 2);
        assert_eq!(line_of(text, 7), 4);
        assert_eq!(lines_of(text, &[0, 3, 7]), vec![1, 2, 4]);
        assert_eq!(
            SourceError::new(Path::new("a.md"), 3, "bad").to_string(),
            "a.md:3: bad"
        );
    }
}
