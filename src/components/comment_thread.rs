//! The published comments under an article, read from the comment server: a
//! heading with their count, then the comments with replies under their
//! parent. The article never waits for them; if they cannot be read, a
//! quiet note with Retry stands in their place.

use crate::comments::{count_heading, rfc3339, visible_count, with_published, Comment, Field, ReplyTarget};
use crate::components::Placeholder;
use crate::dates::{self, Style};
use crate::focus::focus_element;
use crate::{isso, safe_html, use_site};
use leptos::prelude::*;

/// What the list and the form share: comments just published, when to read
/// the thread again, and which comment the reader is answering.
#[derive(Clone, Copy)]
pub struct ThreadState {
    posted: RwSignal<Vec<Comment>>,
    reload: RwSignal<u32>,
    pub reply_to: RwSignal<Option<ReplyTarget>>,
}

impl ThreadState {
    pub fn new() -> Self {
        ThreadState {
            posted: RwSignal::new(Vec::new()),
            reload: RwSignal::new(0),
            reply_to: RwSignal::new(None),
        }
    }

    /// A comment was published: shown at once, or, if the server's answer
    /// could not be read, the thread is read again.
    pub fn published(&self, comment: Option<Comment>) {
        match comment {
            Some(comment) => self.posted.update(|p| p.push(comment)),
            None => self.reload.update(|n| *n += 1),
        }
    }
}

impl Default for ThreadState {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn CommentThread(endpoint: String, article_path: String, state: ThreadState) -> impl IntoView {
    let thread = LocalResource::new(move || {
        state.reload.track();
        isso::thread(endpoint.clone(), article_path.clone())
    });
    // What the server listed, and what was published here since, once.
    let comments = move || {
        thread
            .get()
            .map(|result| result.map(|listed| state.posted.with(|posted| with_published(listed, posted))))
    };
    let heading_ref = NodeRef::<leptos::html::H2>::new();
    let heading = move || match comments() {
        Some(Ok(list)) => count_heading(visible_count(&list)),
        _ => "Comments".to_string(),
    };
    let retry = move |_| {
        // The button goes away; focus stays in the comments.
        if let Some(h) = heading_ref.get_untracked() {
            let _ = h.focus();
        }
        thread.refetch();
    };
    view! {
        <section class="comment-thread" aria-labelledby="comment-thread-heading">
            <h2 id="comment-thread-heading" tabindex="-1" node_ref=heading_ref>{heading}</h2>
            {move || match comments() {
                None => view! { <Placeholder /> }.into_any(),
                Some(Err(_)) => view! {
                    <div class="comment-thread-error">
                        <p>"The comments could not be loaded just now."</p>
                        <button type="button" class="button button-quiet" on:click=retry>"Retry"</button>
                    </div>
                }
                .into_any(),
                Some(Ok(list)) if list.is_empty() => ().into_any(),
                Some(Ok(list)) => comment_list(list, "comment-list", state),
            }}
        </section>
    }
}

/// A list of comments, each with its replies in a nested list.
fn comment_list(comments: Vec<Comment>, class: &'static str, state: ThreadState) -> AnyView {
    let items = comments
        .into_iter()
        .map(|mut c| {
            let replies = std::mem::take(&mut c.replies);
            let replies = (!replies.is_empty()).then(|| comment_list(replies, "children", state));
            view! { <li id=format!("isso-{}", c.id)>{comment_view(&c, state)} {replies}</li> }
        })
        .collect_view();
    view! { <ol class=class>{items}</ol> }.into_any()
}

/// "Reply": the form below answers this comment, and the reader is taken
/// to its comment field.
fn reply_button(c: &Comment, state: ThreadState) -> impl IntoView {
    let target = ReplyTarget {
        id: c.id,
        author: c.author_name(),
    };
    let label = format!("Reply to {}", target.author);
    let reply = move |_| {
        state.reply_to.set(Some(target.clone()));
        focus_element(Field::Comment.id());
    };
    view! {
        <button type="button" class="button-link comment-reply" aria-label=label on:click=reply>
            "Reply"
        </button>
    }
}

fn comment_view(c: &Comment, state: ThreadState) -> AnyView {
    if c.is_deleted() {
        return view! { <p class="comment-deleted">"This comment was deleted."</p> }.into_any();
    }
    let site = use_site();
    let author = c.author_name();
    let author = match c.website_link() {
        Some(href) => view! { <a href=href rel="nofollow ugc noopener">{author}</a> }.into_any(),
        None => author.into_any(),
    };
    let when = dates::format(c.created * 1000.0, &site.locale, &site.time_zone, Style::Medium);
    let text = NodeRef::<leptos::html::Div>::new();
    let html = c.text.clone();
    text.on_load(move |div| safe_html::append(&div, &html));
    view! {
        <article class="comment">
            <p class="comment-meta">
                <b class="comment-author">{author}</b>
                " "
                <time datetime=rfc3339(c.created)>{when}</time>
            </p>
            <div class="comment-text" node_ref=text></div>
            {reply_button(c, state)}
        </article>
    }
    .into_any()
}
