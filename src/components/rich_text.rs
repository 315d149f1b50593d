//! Article bodies: structured blocks rendered as DOM nodes, never as HTML.

use super::Figure;
use crate::links;
use broadsheet_model::{is_safe_href, Align, Block, Cell, Image, ListItem, Span};
use leptos::html::custom;
use leptos::prelude::*;

#[component]
pub fn Body(blocks: Vec<Block>) -> impl IntoView {
    blocks.into_iter().map(block).collect_view()
}

fn block(block: Block) -> AnyView {
    match block {
        Block::Paragraph { spans } => view! { <p><Spans spans /></p> }.into_any(),
        Block::Heading { level, text } => {
            // One view for each level, the element named at run time: a
            // view type each would be compiled three times over.
            let tag = match level {
                ..=2 => "h2",
                3 => "h3",
                _ => "h4",
            };
            custom(tag).child(text).into_any()
        }
        Block::Image { image } => view! { <Figure image /> }.into_any(),
        Block::Quote { spans, cite } => view! {
            <blockquote>
                <p><Spans spans /></p>
                {cite.map(|c| view! { <footer>{c}</footer> })}
            </blockquote>
        }
        .into_any(),
        Block::List { ordered, items } => list(ordered, items),
        Block::Table { align, head, rows } => table(align, head, rows),
        Block::Code { language, code } => {
            // A focusable, named region: a keyboard can scroll what is wider
            // than the column (docs/content-format.md).
            let label = match &language {
                Some(language) => format!("Code ({language})"),
                None => "Code".to_string(),
            };
            view! {
                <div class="scroll-box code-box" role="region" aria-label=label tabindex="0">
                    <pre><code>{code}</code></pre>
                </div>
            }
            .into_any()
        }
        Block::Separator {} => view! { <hr /> }.into_any(),
        Block::Gallery { images } => gallery(images),
        Block::Embed { url, title, provider } => {
            let href = is_safe_href(&url).then(|| links::from_content(&url));
            view! {
                <p class="embed">
                    <a class="embed-link" href=href>
                        <span class="embed-title">{title}</span>
                        <span class="embed-provider">{provider}</span>
                    </a>
                </p>
            }
            .into_any()
        }
    }
}

fn list(ordered: bool, items: Vec<ListItem>) -> AnyView {
    let items = items
        .into_iter()
        .map(|ListItem { spans, list: inner }| {
            let inner = inner.map(|l| list(l.ordered, l.items));
            view! { <li><Spans spans />{inner}</li> }
        })
        .collect_view();
    custom(if ordered { "ol" } else { "ul" }).child(items).into_any()
}

/// A table in a box that scrolls sideways when it is wider than the
/// column, named by its headings so that a keyboard can find and scroll it.
fn table(align: Vec<Align>, head: Vec<Vec<Cell>>, rows: Vec<Vec<Cell>>) -> AnyView {
    let headings: Vec<String> = head
        .first()
        .map(|row| {
            row.iter()
                .map(|cell| cell.iter().map(|s| s.text.as_str()).collect::<String>())
                .filter(|t| !t.trim().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let label = if headings.is_empty() {
        "Table".to_string()
    } else {
        format!("Table: {}", headings.join(", "))
    };
    let classes: Vec<Option<&'static str>> = align
        .iter()
        .map(|a| match a {
            Align::None => None,
            Align::Left => Some("align-left"),
            Align::Center => Some("align-center"),
            Align::Right => Some("align-right"),
        })
        .collect();
    let class = |column: usize| classes.get(column).copied().flatten();
    // Head and body rows share one view: a heading cell differs only in
    // its element's name and its scope.
    let rows_of = |rows: Vec<Vec<Cell>>, heading: bool| {
        rows.into_iter()
            .map(|row| {
                let cells = row
                    .into_iter()
                    .enumerate()
                    .map(|(i, spans)| {
                        custom(if heading { "th" } else { "td" })
                            .attr("scope", heading.then_some("col"))
                            .attr("class", class(i))
                            .child(view! { <Spans spans /> })
                    })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view()
    };
    let head = rows_of(head, true);
    let rows = rows_of(rows, false);
    view! {
        <div class="scroll-box table-box" role="region" aria-label=label tabindex="0">
            <table>
                <thead>{head}</thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Pictures shown together: a list of figures, in a grid.
fn gallery(images: Vec<Image>) -> AnyView {
    let label = format!("Gallery, {} pictures", images.len());
    let items = images
        .into_iter()
        .map(|image| view! { <li><Figure image /></li> })
        .collect_view();
    view! { <ul class="gallery" aria-label=label>{items}</ul> }.into_any()
}

/// Inline text with its marks. A link that is not http(s) or site-relative
/// shows as its text alone.
#[component]
pub fn Spans(spans: Vec<Span>) -> impl IntoView {
    spans.into_iter().map(span).collect_view()
}

fn span(span: Span) -> AnyView {
    if span.br {
        return view! { <br /> }.into_any();
    }
    let mut node = span.text.into_any();
    if span.em {
        node = view! { <em>{node}</em> }.into_any();
    }
    if span.strong {
        node = view! { <strong>{node}</strong> }.into_any();
    }
    match span.href.filter(|h| is_safe_href(h)) {
        Some(href) => view! { <a href=links::from_content(&href)>{node}</a> }.into_any(),
        None => node,
    }
}
