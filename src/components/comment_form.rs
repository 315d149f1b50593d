//! The comment form under every article. Whatever the reader types is kept:
//! saved as a draft while typing and when the page is hidden, restored on
//! return, shared with other tabs, and cleared only by a successful post.

use crate::comments::{
    count_label, validate, Comment, CommentInput, CommentService, Field, PostOutcome, ReplyTarget,
};
use crate::dates::now_millis;
use crate::drafts::{draft_key, Draft, Drafts, Identity};
use crate::focus;
use crate::storage::{LocalStorage, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// How long typing may pause before the draft is saved.
const SAVE_DELAY_MS: f64 = 600.0;
/// The longest a change waits to be saved, even while typing goes on.
const SAVE_AT_MOST_MS: f64 = 1000.0;

const FIELDS: [Field; 4] = [Field::Comment, Field::Name, Field::Email, Field::Website];

/// One text field of the form: its value, and whether the reader has typed
/// in it on this page (then other tabs never overwrite it).
#[derive(Clone, Copy)]
struct Input {
    value: RwSignal<String>,
    edited: RwSignal<bool>,
}

impl Input {
    fn new(value: String) -> Self {
        Input {
            value: RwSignal::new(value),
            edited: RwSignal::new(false),
        }
    }
}

#[derive(Clone, Copy)]
struct Inputs([Input; 4]);

impl Inputs {
    fn get(&self, field: Field) -> Input {
        self.0[FIELDS.iter().position(|f| *f == field).unwrap_or(0)]
    }

    fn value(&self, field: Field) -> String {
        self.get(field).value.get_untracked()
    }

    fn current(&self) -> CommentInput {
        CommentInput {
            comment: self.value(Field::Comment),
            name: self.value(Field::Name),
            email: self.value(Field::Email),
            website: self.value(Field::Website),
        }
    }

    fn identity(&self) -> Identity {
        Identity {
            name: self.value(Field::Name),
            email: self.value(Field::Email),
            website: self.value(Field::Website),
        }
    }

    /// Takes another tab's draft into the fields not typed in here. A
    /// removed draft (discarded or posted there) empties only the comment:
    /// name, email and website may be the reader's remembered identity.
    fn merge(&self, draft: Option<Draft>) {
        let fields = match draft {
            Some(d) => vec![
                (Field::Comment, d.comment),
                (Field::Name, d.name),
                (Field::Email, d.email),
                (Field::Website, d.website),
            ],
            None => vec![(Field::Comment, String::new())],
        };
        for (field, value) in fields {
            let input = self.get(field);
            if !input.edited.get_untracked() {
                input.value.set(value);
            }
        }
    }
}

/// `title`: the article's headline, sent with a post. `on_published` hears
/// of each comment published, with the comment if the server gave it back.
/// `reply_to`: the comment the reader chose to answer, if any.
#[component]
pub fn CommentForm(
    section: String,
    slug: String,
    service: CommentService,
    #[prop(optional)] title: String,
    #[prop(optional)] on_published: Option<Callback<Option<Comment>>>,
    #[prop(optional)] reply_to: Option<RwSignal<Option<ReplyTarget>>>,
) -> impl IntoView {
    let replying = move || reply_to.and_then(|r| r.get());
    let key = StoredValue::new(draft_key(&section, &slug));
    let article_path = crate::links::comment_thread(&section, &slug);
    let drafts = StoredValue::new_local(Drafts::new(LocalStorage));

    let storage_failed = RwSignal::new(false);
    let note = move |result: Result<(), _>| storage_failed.set(result.is_err());
    // Empty at first, as on the page rendered at build time, which knows no
    // reader's drafts: what the browser holds is filled in once the app runs.
    let remember = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let inputs = Inputs(std::array::from_fn(|_| Input::new(String::new())));

    let errors = RwSignal::new(Vec::<(Field, String)>::new());
    let submitted = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let posting = RwSignal::new(false);
    let pending_save = StoredValue::new_local(None::<TimeoutHandle>);
    // When the oldest change not yet saved was made.
    let unsaved_since = StoredValue::new(None::<f64>);

    let save_now = move || {
        if let Some(handle) = pending_save.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        unsaved_since.set_value(None);
        let current = inputs.current();
        let draft = Draft {
            comment: current.comment,
            name: current.name,
            email: current.email,
            website: current.website,
            saved_ms: now_millis(),
            reply_to: reply_to.and_then(|r| r.get_untracked()),
        };
        let result = drafts.with_value(|d| d.save(&key.get_value(), &draft));
        if result.is_ok() && !draft.is_empty() {
            status.set("Draft saved".into());
        }
        note(result);
        let identity = inputs.identity();
        let has_identity = [&identity.name, &identity.email, &identity.website]
            .iter()
            .any(|f| !f.trim().is_empty());
        if remember.get_untracked() && has_identity {
            note(drafts.with_value(|d| d.remember(&identity)));
        }
    };
    // Saves after a pause in typing, and never more than a second behind.
    let schedule_save = move || {
        if let Some(handle) = pending_save.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let now = now_millis();
        let since = unsaved_since.get_value().unwrap_or(now);
        unsaved_since.set_value(Some(since));
        let delay = SAVE_DELAY_MS.min(SAVE_AT_MOST_MS - (now - since)).max(0.0);
        let handle = set_timeout_with_handle(save_now, Duration::from_millis(delay as u64)).ok();
        pending_save.set_value(handle);
    };
    // Choosing or cancelling Reply is part of the draft, once there is text.
    if let Some(reply_to) = reply_to {
        Effect::watch(
            move || reply_to.get(),
            move |_, _, _| {
                if !inputs.value(Field::Comment).trim().is_empty() {
                    schedule_save();
                }
            },
            false,
        );
    }
    let on_typed = move |field: Field, value: String| {
        let input = inputs.get(field);
        input.value.set(value);
        input.edited.set(true);
        outcome.set(None);
        if submitted.get_untracked() {
            errors.set(validate(&inputs.current()));
        }
        schedule_save();
    };

    // The draft and the remembered identity, once the form is on the page;
    // then whatever the reader typed into the page before the app took it
    // over, which wins, and is saved as the draft at once. Read now, before
    // this view takes over the page's fields.
    let typed = typed_before_takeover();
    Effect::new(move |_| {
        untrack(|| {
            let saved = drafts.with_value(|d| d.load(&key.get_value()));
            let identity = drafts.with_value(|d| d.identity());
            storage_failed.set(saved.is_err() || identity.is_err());
            let saved = saved.ok().flatten();
            let identity = identity.ok().flatten();
            remember.set(identity.is_some());
            if saved.is_some() {
                status.set("Draft restored".into());
            }
            // The article's own draft wins; the remembered identity fills the rest.
            let draft = saved.unwrap_or_default();
            if let (Some(reply_to), Some(target)) = (reply_to, draft.reply_to) {
                reply_to.set(Some(target));
            }
            let identity = identity.unwrap_or_default();
            let or =
                |mine: String, remembered: String| if mine.trim().is_empty() { remembered } else { mine };
            for (field, value) in [
                (Field::Comment, draft.comment),
                (Field::Name, or(draft.name, identity.name)),
                (Field::Email, or(draft.email, identity.email)),
                (Field::Website, or(draft.website, identity.website)),
            ] {
                inputs.get(field).value.set(value);
            }
            for (field, value) in &typed {
                let input = inputs.get(*field);
                input.value.set(value.clone());
                input.edited.set(true);
            }
            if !typed.is_empty() {
                save_now();
            }
        })
    });

    // Save at once when the page is hidden or left; take other tabs' drafts.
    let save_if_pending = move || {
        if pending_save.with_value(Option::is_some) {
            save_now();
        }
    };
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            save_if_pending();
        }
    });
    let pagehide = window_event_listener_untyped("pagehide", move |_| save_if_pending());
    let other_tab = window_event_listener_untyped("storage", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if event.key().as_deref() != Some(key.get_value().as_str()) {
            return;
        }
        inputs.merge(event.new_value().as_deref().and_then(crate::drafts::decode_draft));
        status.set("Draft updated from another tab".into());
    });
    on_cleanup(move || {
        save_if_pending();
        hidden.remove();
        pagehide.remove();
        other_tab.remove();
    });

    // Ticked: remember now (saving keeps it current). Unticked: forget at once.
    let on_remember = move |checked: bool| {
        remember.set(checked);
        if checked {
            save_now();
        } else {
            note(drafts.with_value(|d| d.forget()));
        }
    };
    let discard = move |_| {
        if let Some(handle) = pending_save.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        unsaved_since.set_value(None);
        note(drafts.with_value(|d| d.discard(&key.get_value())));
        inputs.get(Field::Comment).value.set(String::new());
        if !remember.get_untracked() {
            for field in [Field::Name, Field::Email, Field::Website] {
                inputs.get(field).value.set(String::new());
            }
        }
        for input in inputs.0 {
            input.edited.set(false);
        }
        errors.set(Vec::new());
        submitted.set(false);
        status.set("Draft discarded".into());
    };
    let service = StoredValue::new(service);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if posting.get_untracked() {
            return; // a double click posts once
        }
        submitted.set(true);
        let input = inputs.current();
        let found = validate(&input);
        errors.set(found.clone());
        if let Some((field, _)) = found.first() {
            focus::focus_element(field.id());
            return;
        }
        save_now();
        posting.set(true);
        let path = article_path.clone();
        let title = title.clone();
        let service = service.get_value();
        let parent = reply_to.and_then(|r| r.get_untracked()).map(|t| t.id);
        spawn_local(async move {
            let result = service.post(&path, &title, &input, parent).await;
            posting.set(false);
            match result {
                Ok(done) => {
                    let _ = drafts.with_value(|d| d.discard(&key.get_value()));
                    inputs.get(Field::Comment).value.set(String::new());
                    inputs.get(Field::Comment).edited.set(false);
                    submitted.set(false);
                    status.set(String::new());
                    if let Some(reply_to) = reply_to {
                        reply_to.set(None);
                    }
                    outcome.set(Some(match done {
                        PostOutcome::Published(comment) => {
                            if let Some(published) = on_published {
                                published.run(comment);
                            }
                            "Thank you: your comment is published.".into()
                        }
                        PostOutcome::AwaitingModeration => "Your comment is awaiting moderation.".into(),
                    }));
                }
                Err(e) => outcome.set(Some(e.message())),
            }
        });
    };

    let error_for = move |field: Field| {
        move || errors.with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
    };
    let count = move || count_label(&inputs.get(Field::Comment).value.get());

    view! {
        <section class="comments" id="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">"Leave a reply"</h2>
            // `method="dialog"`: posting is the app's (`on_submit`). Posted
            // before the app has taken the form over, a form outside a
            // dialog does nothing, where a plain one would leave the page
            // with the text in its address, and the text would be lost.
            <form class="comment-form" novalidate method="dialog" on:submit=on_submit>
                {move || {
                    replying()
                        .map(|t| {
                            view! {
                                <p id="reply-context" class="reply-context">
                                    "Replying to " {t.author} ". "
                                    <button
                                        type="button"
                                        class="button-link"
                                        on:click=move |_| {
                                            if let Some(reply_to) = reply_to {
                                                reply_to.set(None);
                                            }
                                        }
                                    >
                                        "Cancel reply"
                                    </button>
                                </p>
                            }
                        })
                }}
                <p class="form-note">
                    "Your email address will not be published. Required fields are marked "
                    <span aria-hidden="true">"*"</span> <span class="visually-hidden">"as required"</span> "."
                </p>
                <TextField
                    field=Field::Comment
                    label="Comment"
                    required=true
                    input=inputs.get(Field::Comment)
                    error=Signal::derive(error_for(Field::Comment))
                    on_typed=Callback::new(move |v| on_typed(Field::Comment, v))
                    extra_describedby="reply-context comment-count"
                />
                <p id="comment-count" class="char-count" aria-live="off">{count}</p>
                <TextField
                    field=Field::Name
                    label="Name"
                    required=true
                    autocomplete="name"
                    input=inputs.get(Field::Name)
                    error=Signal::derive(error_for(Field::Name))
                    on_typed=Callback::new(move |v| on_typed(Field::Name, v))
                />
                <TextField
                    field=Field::Email
                    label="Email"
                    required=true
                    kind="email"
                    autocomplete="email"
                    input=inputs.get(Field::Email)
                    error=Signal::derive(error_for(Field::Email))
                    on_typed=Callback::new(move |v| on_typed(Field::Email, v))
                />
                <TextField
                    field=Field::Website
                    label="Website"
                    kind="url"
                    autocomplete="url"
                    input=inputs.get(Field::Website)
                    error=Signal::derive(error_for(Field::Website))
                    on_typed=Callback::new(move |v| on_typed(Field::Website, v))
                />
                <p class="remember">
                    <input
                        type="checkbox"
                        id="remember-me"
                        prop:checked=remember
                        on:change:target=move |ev| on_remember(ev.target().checked())
                    />
                    <label for="remember-me">
                        "Save my name, email, and website in this browser for the next time I comment."
                    </label>
                </p>
                <div class="form-actions">
                    <button type="submit" class="button" aria-disabled=move || posting.get().then_some("true")>
                        "Post Comment"
                    </button>
                    <button type="button" class="button button-quiet" on:click=discard>
                        "Discard draft"
                    </button>
                </div>
                <p class="draft-status" role="status">{move || status.get()}</p>
                <p class="post-outcome" role="status">{move || outcome.get()}</p>
                <Show when=move || storage_failed.get()>
                    <p class="storage-notice" role="note">
                        "Drafts can't be saved in this browser, so your text is kept only on this page until you post it."
                    </p>
                </Show>
            </form>
        </section>
    }
}

/// A labelled field with its error message tied to it.
#[component]
fn TextField(
    field: Field,
    label: &'static str,
    input: Input,
    error: Signal<Option<String>>,
    on_typed: Callback<String>,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] extra_describedby: &'static str,
) -> impl IntoView {
    let id = field.id();
    let error_id = format!("{id}-error");
    let describedby = {
        let error_id = error_id.clone();
        move || {
            let ids: Vec<&str> = [
                extra_describedby,
                if error.get().is_some() { &error_id } else { "" },
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let label_view = view! {
        <label for=id>
            {label}
            {required.then(|| view! { " " <span aria-hidden="true">"*"</span> })}
        </label>
    };
    let control = if field == Field::Comment {
        view! {
            <textarea
                id=id
                name=id
                rows="8"
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || input.value.get()
                on:input:target=move |ev| on_typed.run(ev.target().value())
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                name=id
                type=kind
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || input.value.get()
                on:input:target=move |ev| on_typed.run(ev.target().value())
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            {label_view}
            {control}
            {move || error.get().map(|message| view! { <p id=error_id.clone() class="field-error">{message}</p> })}
        </div>
    }
}

thread_local! {
    /// The page rendered at build time that the app is taking over has a
    /// comment form, not yet taken over.
    static FORM_TO_TAKE_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called as the app starts taking over a page rendered at build time: the
/// reader may be typing into its comment form while the app loads, and
/// goes on until the form itself is taken over, a few tasks later
/// (`hydrate_later`). The form reads what is in its fields just before
/// that, takes it as the draft and saves it.
pub fn expect_form_to_take_over() {
    let has_form = FIELDS
        .iter()
        .any(|field| document().get_element_by_id(field.id()).is_some());
    FORM_TO_TAKE_OVER.set(has_form);
}

/// What the reader typed into the form of the page being taken over, once:
/// the first form made after the start is that page's (its view is made
/// just before it takes over the page's form); later ones find nothing.
fn typed_before_takeover() -> Vec<(Field, String)> {
    if !FORM_TO_TAKE_OVER.replace(false) {
        return Vec::new();
    }
    FIELDS
        .iter()
        .filter_map(|field| {
            let element = document().get_element_by_id(field.id())?;
            let value = if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.value()
            } else {
                element.dyn_ref::<web_sys::HtmlInputElement>()?.value()
            };
            (!value.trim().is_empty()).then_some((*field, value))
        })
        .collect()
}

/// Removes drafts older than 30 days; run once at start-up.
pub fn prune_old_drafts() {
    let drafts = Drafts::new(LocalStorage);
    if drafts.store.keys().is_ok() {
        let _ = drafts.prune(now_millis());
    }
}
