//! Images, galleries and embeds: figures, `[caption]`, `[gallery]` and
//! `[embed]` (as `classic` rewrote them), and `<iframe>` players.

use super::{attr, collapse, has_class, host, is_embed_url, name, text_of, Converter, Ref};
use crate::wordpress::md::{Block, Inline, Picture};

impl Converter<'_> {
    /// Images, embeds and iframes met among inline content: they end the
    /// paragraph and stand alone.
    pub(super) fn breakout(&mut self, node: Ref) {
        match name(&node) {
            "img" => {
                if let Some(p) = self.picture(node, "") {
                    self.emit(Block::Image(p));
                }
            }
            "bs-embed" => {
                let url = attr(&node, "data-url").unwrap_or("").trim().to_string();
                let title = attr(&node, "data-title").unwrap_or("").to_string();
                self.embed(url, title);
            }
            "iframe" => {
                let src = attr(&node, "src").unwrap_or("").to_string();
                if is_embed_url(&src) {
                    self.note(format!("an <iframe> of {src} became an embed"));
                    let title = attr(&node, "title").unwrap_or("").to_string();
                    self.embed(src, title);
                } else {
                    self.note(format!(
                        "an <iframe> ({src}) was left out: articles carry no markup of their own"
                    ));
                }
            }
            "bs-gallery" => self.gallery_shortcode(node),
            _ => {}
        }
    }

    fn embed(&mut self, url: String, title: String) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.note(format!(
                "an embed without an http(s) address ({url:?}) was left out"
            ));
            return;
        }
        let title = match collapse(&title) {
            t if t.is_empty() => host(&url).unwrap_or("").to_string(),
            t => t,
        };
        self.emit(Block::Embed { url, title });
    }

    /// An `<img>` resolved, with `caption` unless the attachment has its own.
    fn picture(&mut self, img: Ref, caption: &str) -> Option<Picture> {
        let src = attr(&img, "src").unwrap_or("").trim();
        let id = attr(&img, "class")
            .and_then(|c| c.split_whitespace().find_map(|x| x.strip_prefix("wp-image-")))
            .or_else(|| attr(&img, "data-id"));
        let alt = collapse(attr(&img, "alt").unwrap_or(""));
        match self.resolve.image(src, id) {
            Ok(mut p) => {
                if !alt.is_empty() {
                    p.alt = alt;
                }
                if !caption.trim().is_empty() {
                    p.caption = collapse(caption);
                }
                if p.alt.is_empty() {
                    p.alt = if !p.caption.is_empty() {
                        p.caption.clone()
                    } else {
                        "Image".to_string()
                    };
                    self.note(format!(
                        "image {src} had no alt text; it is now {:?}: write a better one",
                        p.alt
                    ));
                }
                Some(p)
            }
            Err(why) => {
                self.note(why);
                None
            }
        }
    }

    pub(super) fn figure(&mut self, node: Ref) {
        let caption = node
            .children()
            .find(|c| name(c) == "figcaption")
            .map(|c| collapse(&text_of(&c)))
            .or_else(|| {
                attr(&node, "data-caption")
                    .map(collapse)
                    .filter(|c| !c.is_empty())
            })
            // A `[caption]` shortcode's text follows its image.
            .or_else(|| has_class(&node, "bs-caption").then(|| collapse(&text_of(&node))))
            .unwrap_or_default();
        if has_class(&node, "wp-block-embed")
            || attr(&node, "class").is_some_and(|c| c.contains("is-type-video"))
        {
            let wrapper = node
                .descendants()
                .find(|d| has_class(d, "wp-block-embed__wrapper"))
                .unwrap_or(node);
            let url = collapse(&text_of(&wrapper));
            let url = if url.is_empty() {
                node.descendants()
                    .find_map(|d| attr(&d, "src").map(str::to_string))
                    .unwrap_or_default()
            } else {
                url
            };
            return self.embed(url, caption);
        }
        if has_class(&node, "wp-block-gallery") {
            let pictures = self.gallery_images(node);
            return self.gallery(pictures);
        }
        let tables: Vec<Ref> = node.descendants().filter(|d| name(d) == "table").collect();
        let quotes: Vec<Ref> = node.children().filter(|d| name(d) == "blockquote").collect();
        if !tables.is_empty() || !quotes.is_empty() {
            for child in node.children().filter(|c| name(c) != "figcaption") {
                self.block(child);
            }
            if !caption.is_empty() {
                self.note(format!(
                    "the caption {caption:?} of a table or quote became a paragraph under it"
                ));
                self.emit(Block::Paragraph(vec![Inline::Text(caption)]));
            }
            return;
        }
        let images: Vec<Ref> = node.descendants().filter(|d| name(d) == "img").collect();
        match images.len() {
            0 => {
                self.flush();
                self.blocks(node);
                self.flush();
            }
            1 => {
                if let Some(p) = self.picture(images[0], &caption) {
                    self.emit(Block::Image(p));
                }
                if images.len() == 1
                    && node
                        .descendants()
                        .any(|d| name(&d) == "a" && attr(&d, "href").is_some())
                {
                    self.note("an image's link was left out (images are not links in articles)".into());
                }
            }
            _ => {
                let pictures = self.gallery_images(node);
                self.gallery(pictures);
            }
        }
    }

    /// Each image in a gallery with its own caption.
    fn gallery_images(&mut self, node: Ref) -> Vec<Picture> {
        let mut pictures = Vec::new();
        for img in node.descendants().filter(|d| name(d) == "img") {
            // Its caption is the figcaption of the nearest figure holding it.
            let caption = img
                .ancestors()
                .take_while(|a| a.id() != node.id())
                .find(|a| name(a) == "figure" || name(a) == "li")
                .and_then(|f| f.descendants().find(|d| name(d) == "figcaption"))
                .map(|c| text_of(&c))
                .unwrap_or_default();
            if let Some(p) = self.picture(img, &caption) {
                pictures.push(p);
            }
        }
        pictures
    }

    fn gallery(&mut self, pictures: Vec<Picture>) {
        match pictures.len() {
            0 => {}
            1 => self.emit(Block::Image(pictures.into_iter().next().expect("one"))),
            _ => self.emit(Block::Gallery(pictures)),
        }
    }

    pub(super) fn gallery_shortcode(&mut self, node: Ref) {
        let ids: Vec<String> = match attr(&node, "data-ids") {
            Some(ids) => ids
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            None => self.resolve.attached_images(),
        };
        let mut pictures = Vec::new();
        for id in ids {
            match self.resolve.image("", Some(&id)) {
                Ok(mut p) => {
                    if p.alt.is_empty() {
                        p.alt = if p.caption.is_empty() {
                            "Image".into()
                        } else {
                            p.caption.clone()
                        };
                        self.note(format!(
                            "gallery image {id} had no alt text; it is now {:?}: write a better one",
                            p.alt
                        ));
                    }
                    pictures.push(p)
                }
                Err(why) => self.note(why),
            }
        }
        self.gallery(pictures);
    }
}
