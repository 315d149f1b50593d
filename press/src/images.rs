//! An article's images: files beside it (checked, sized, published under
//! `media/<section>/`, and for photographs, smaller copies to make:
//! `photos`), or images elsewhere (`http(s)://…`), which the press never
//! downloads, so their size comes from the front matter (`[[images]]`).

use crate::error::SourceError;
use crate::head::Warning;
use broadsheet_model::{Image, Variants};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// A photograph to publish with its smaller copies (`photos`).
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// The source file.
    pub file: PathBuf,
    /// Its path under the site root (`media/world/x.jpg`); each copy is
    /// beside it (`Variants::url`).
    pub published: String,
    pub widths: Vec<u32>,
    /// The first article using it, and the line, for errors.
    pub article: PathBuf,
    pub line: usize,
}

/// The size of an image elsewhere, from an `[[images]]` entry.
#[derive(Debug, Clone)]
pub struct RemoteSize {
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// The entry's line.
    pub line: usize,
    pub used: bool,
}

/// One article's images, as they are resolved.
pub struct Images<'a> {
    pub article: &'a Path,
    pub section: &'a str,
    /// The files beside the article.
    pub beside: &'a HashSet<String>,
    /// The `[[images]]` entries.
    pub remote: Vec<RemoteSize>,
    /// (source file, path under the site root) of every file to copy.
    pub media: Vec<(PathBuf, String)>,
    pub photos: Vec<Photo>,
}

/// `http://…` or `https://…`: an image the press does not have.
pub fn is_remote(src: &str) -> bool {
    let lower = src.get(..8).unwrap_or(src).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &src[8..]
    } else if lower.starts_with("http://") {
        &src[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/')
}

/// A JPEG or PNG: a photograph, served in smaller copies. (SVG scales, and
/// a GIF may move: both are served as they are.)
pub fn is_photo(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    matches!(ext.as_str(), "jpg" | "jpeg" | "png")
}

impl<'a> Images<'a> {
    pub fn new(article: &'a Path, section: &'a str, beside: &'a HashSet<String>) -> Self {
        Images {
            article,
            section,
            beside,
            remote: Vec::new(),
            media: Vec::new(),
            photos: Vec::new(),
        }
    }

    /// Checks an image at `line`: a file beside the article is sized if
    /// its size is not given, published under `media/<section>/` and, if a
    /// photograph, given its copies; an image elsewhere takes its size
    /// from `[[images]]`.
    pub fn resolve(&mut self, line: usize, image: &mut Image, errors: &mut Vec<SourceError>) {
        let name = image.src.clone();
        if is_remote(&name) {
            if image.width == 0 || image.height == 0 {
                match self.remote.iter_mut().find(|r| r.src == name) {
                    Some(size) => {
                        size.used = true;
                        (image.width, image.height) = (size.width, size.height);
                    }
                    None => errors.push(SourceError::new(
                        self.article,
                        line,
                        format!(
                            "image {name} is not on this site, so its size cannot be read (the press \
                             never downloads): add to the front matter [[images]] src = {name:?} \
                             width = … height = …"
                        ),
                    )),
                }
            }
            return;
        }
        if !is_media_name(&name) {
            errors.push(SourceError::new(
                self.article,
                line,
                format!(
                    "image {name:?} must be a file beside the article (letters, digits, - _ .), like \
                     photo.jpg, or an address elsewhere (https://…)"
                ),
            ));
            return;
        }
        let file = self.article.with_file_name(&name);
        if !self.beside.contains(&name) {
            errors.push(SourceError::new(
                self.article,
                line,
                format!("image {name} does not exist (looked for {})", file.display()),
            ));
            return;
        }
        let photo = is_photo(&name);
        let mut size = None;
        if image.width == 0 || image.height == 0 || photo {
            size = image_size(&file);
            if size.is_none() {
                errors.push(SourceError::new(
                    self.article,
                    line,
                    format!(
                        "cannot read the size of image {name}; is it a {} file?",
                        kind(&name)
                    ),
                ));
                return;
            }
        }
        if image.width == 0 || image.height == 0 {
            (image.width, image.height) = size.expect("read above");
        }
        let published = format!("media/{}/{name}", self.section);
        image.src = format!("/{published}");
        if let (true, Some((width, _))) = (photo, size) {
            let widths = Variants::widths_for(width);
            image.variants = Some(Variants {
                widths: widths.clone(),
                modern: crate::photos::MODERN.to_string(),
            });
            self.photos.push(Photo {
                file: file.clone(),
                published: published.clone(),
                widths,
                article: self.article.to_path_buf(),
                line,
            });
        }
        self.media.push((file, published));
    }

    /// A warning for each `[[images]]` entry no image used.
    pub fn unused(&self) -> Vec<Warning> {
        self.remote
            .iter()
            .filter(|r| !r.used)
            .map(|r| Warning {
                file: self.article.to_path_buf(),
                line: r.line,
                message: format!(
                    "[[images]] gives the size of {}, but no image in the article shows it",
                    r.src
                ),
            })
            .collect()
    }
}

fn kind(name: &str) -> String {
    name.rsplit_once('.')
        .map_or("image".into(), |(_, e)| e.to_ascii_uppercase())
}

pub fn is_media_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.contains('.')
        && !name.ends_with(".md")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// Width and height of a PNG, JPEG, GIF, WebP… (through `imagesize`) or an SVG
/// (its `width`/`height` attributes, else its `viewBox`), as it is shown:
/// a JPEG or PNG whose EXIF orientation turns it a quarter (a camera held
/// upright) has its stored width and height swapped, as browsers show the
/// original and as its copies are made (`broadsheet_press_codec::copies`).
/// Every size the press writes for a file comes from here.
pub fn image_size(file: &Path) -> Option<(u32, u32)> {
    if file.extension().is_some_and(|x| x.eq_ignore_ascii_case("svg")) {
        let text = fs::read_to_string(file).ok()?;
        return svg_size(&text);
    }
    // The file's headers, read once for its size and its orientation.
    let start = broadsheet_press_codec::file_start(file)?;
    let size = match imagesize::blob_size(&start) {
        Ok(size) => size,
        // Headers longer than the bytes read: the file itself.
        Err(_) if start.len() as u64 == broadsheet_press_codec::HEADERS => imagesize::size(file).ok()?,
        Err(_) => return None,
    };
    let (width, height) = (u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?);
    let orientation = broadsheet_press_codec::orientation_from_start(file, &start);
    let turned = broadsheet_press_codec::turns_quarter(orientation);
    Some(if turned { (height, width) } else { (width, height) })
}

fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |s: &str| {
        let n: f64 = s.trim().trim_end_matches("px").parse().ok()?;
        (n > 0.0 && n < 1e6).then_some(n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(number), attr("height").and_then(number)) {
        return Some((w, h));
    }
    let view: Vec<&str> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .collect();
    match view[..] {
        [_, _, w, h] => Some((number(w)?, number(h)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_svg_sizes() {
        assert_eq!(svg_size(r#"<svg width="1200" height="675">"#), Some((1200, 675)));
        assert_eq!(svg_size(r#"<svg viewBox="0 0 64 48">"#), Some((64, 48)));
        assert_eq!(svg_size(r#"<svg width="100%" viewBox="0,0,3,2">"#), Some((3, 2)));
        assert_eq!(svg_size("<svg>"), None);
    }

    #[test]
    fn tells_remote_images_and_photos() {
        assert!(is_remote("https://old.example.org/x.jpg"));
        assert!(is_remote("HTTP://old.example.org/x.jpg"));
        assert!(!is_remote("https://"));
        assert!(!is_remote("https:///x.jpg"));
        assert!(!is_remote("x.jpg"));
        assert!(!is_remote("//host/x.jpg"));
        assert!(is_photo("x.JPG") && is_photo("a.b.jpeg") && is_photo("p.png"));
        assert!(!is_photo("x.svg") && !is_photo("x.gif") && !is_photo("jpg"));
    }
}
