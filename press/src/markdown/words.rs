//! Words a reader reads, for the word count and the reading time.

use broadsheet_model::{Block, ListItem, Span};

fn spans_words(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.text.split_whitespace().count()).sum()
}

fn items_words(items: &[ListItem]) -> usize {
    items
        .iter()
        .map(|i| spans_words(&i.spans) + i.list.as_ref().map_or(0, |l| items_words(&l.items)))
        .sum()
}

fn caption_words(caption: &Option<String>) -> usize {
    caption.as_deref().unwrap_or("").split_whitespace().count()
}

/// Words a reader reads: the standfirst and every text in the body
/// (headings, paragraphs, quotes, list items at every depth, table cells,
/// code, image and gallery captions, an embed's title).
pub fn word_count(standfirst: &str, body: &[Block]) -> u32 {
    let mut words = standfirst.split_whitespace().count();
    for block in body {
        words += match block {
            Block::Paragraph { spans } | Block::Quote { spans, .. } => spans_words(spans),
            Block::Heading { text, .. } => text.split_whitespace().count(),
            Block::Image { image } => caption_words(&image.caption),
            Block::Gallery { images } => images.iter().map(|i| caption_words(&i.caption)).sum(),
            Block::List { items, .. } => items_words(items),
            Block::Table { head, rows, .. } => {
                head.iter().chain(rows).flatten().map(|c| spans_words(c)).sum()
            }
            Block::Code { code, .. } => code.split_whitespace().count(),
            Block::Embed { title, .. } => title.split_whitespace().count(),
            Block::Separator {} => 0,
        };
    }
    words as u32
}

/// Minutes to read `words` at 230 words a minute; at least one.
pub fn reading_minutes(words: u32) -> u32 {
    words.div_ceil(230).max(1)
}
