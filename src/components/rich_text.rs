//! Article bodies: structured blocks rendered as DOM nodes, never as HTML.

use super::Figure;
use crate::links;
use broadsheet_model::{is_safe_href, Block, Span};
use leptos::prelude::*;

#[component]
pub fn Body(blocks: Vec<Block>) -> impl IntoView {
    blocks.into_iter().map(block).collect_view()
}

fn block(block: Block) -> AnyView {
    match block {
        Block::Paragraph { spans } => view! { <p><Spans spans /></p> }.into_any(),
        Block::Heading { level, text } => match level {
            ..=2 => view! { <h2>{text}</h2> }.into_any(),
            3 => view! { <h3>{text}</h3> }.into_any(),
            _ => view! { <h4>{text}</h4> }.into_any(),
        },
        Block::Image { image } => view! { <Figure image /> }.into_any(),
        Block::Quote { spans, cite } => view! {
            <blockquote>
                <p><Spans spans /></p>
                {cite.map(|c| view! { <footer>{c}</footer> })}
            </blockquote>
        }
        .into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|spans| view! { <li><Spans spans /></li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
    }
}

/// Inline text with its marks. A link that is not http(s) or site-relative
/// shows as its text alone.
#[component]
pub fn Spans(spans: Vec<Span>) -> impl IntoView {
    spans.into_iter().map(span).collect_view()
}

fn span(span: Span) -> AnyView {
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
