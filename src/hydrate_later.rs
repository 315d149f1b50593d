//! Taking over a page in several tasks instead of one.
//!
//! Hydration walks the whole page and attaches to every node in one go, and
//! V8 compiles each wasm function the first time it runs: on a phone that
//! is one task of a few hundred milliseconds, during which the page cannot
//! answer a tap (docs/performance.md, "The takeover's longest task").
//! [`hydrate_later`] wraps one element of a view: rendered at build time and
//! drawn in the browser as usual, but when the app takes over a page, the
//! element is only located, and its view is made and attached to it in a
//! task of its own, after the one that took over the rest. The tasks run in
//! the page's order ([`finish_then`]), and anything that would navigate
//! first (a click, the back button) finishes them at once ([`finish_now`]),
//! so the view that takes over a part is always the one the page was
//! rendered for.
//!
//! Leptos has no such thing: its islands attach only to what responds, but
//! with them a navigation fetches the next page's HTML instead of drawing
//! it from the content JSON (docs/rendering.md, "In several tasks"); this
//! splits the takeover while the app still draws every page.

use leptos::prelude::{AnyView, IntoAny, IntoView, Owner};
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::renderer::CastFrom;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// The view `make` returns, which must be one element, taken over in a task
/// of its own when the app takes over a page (module docs). Elsewhere it is
/// `make()`. Type-erased (`AnyView`), so that this code is in the wasm once,
/// not once per use.
pub fn hydrate_later<V: IntoView + 'static>(make: impl FnOnce() -> V + Send + 'static) -> HydrateLater {
    HydrateLater(Box::new(move || make().into_any()))
}

/// See [`hydrate_later`].
pub struct HydrateLater(Box<dyn FnOnce() -> AnyView + Send>);

enum Slot {
    /// Located; its view not yet made.
    Waiting {
        make: Box<dyn FnOnce() -> AnyView + Send>,
        element: Element,
        owner: Option<Owner>,
    },
    /// Being taken over.
    Running,
    TakenOver(AnyViewState),
}

/// The state of a [`HydrateLater`]: its view's, once there is one.
pub struct HydrateLaterState(Rc<RefCell<Slot>>);

impl HydrateLaterState {
    fn taken_over(state: AnyViewState) -> Self {
        Self(Rc::new(RefCell::new(Slot::TakenOver(state))))
    }

    /// Takes the element over now if its task has not come yet.
    fn finish(&self) {
        let waiting = std::mem::replace(&mut *self.0.borrow_mut(), Slot::Running);
        match waiting {
            Slot::Waiting { make, element, owner } => {
                let take_over =
                    || make().hydrate::<true>(&Cursor::new(element), &PositionState::new(Position::Current));
                // Under the owner it would have had, so that its effects and
                // contexts are the page's.
                let state = match owner {
                    Some(owner) => owner.with(take_over),
                    None => take_over(),
                };
                *self.0.borrow_mut() = Slot::TakenOver(state);
            }
            other => *self.0.borrow_mut() = other,
        }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut AnyViewState) -> T) -> Option<T> {
        self.finish();
        match &mut *self.0.borrow_mut() {
            Slot::TakenOver(state) => Some(f(state)),
            _ => None,
        }
    }
}

impl Mountable for HydrateLaterState {
    fn unmount(&mut self) {
        self.with_state(|state| state.unmount());
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        self.with_state(|state| state.mount(parent, marker));
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.with_state(|state| state.insert_before_this(child))
            .unwrap_or(false)
    }

    fn elements(&self) -> Vec<Element> {
        self.with_state(|state| state.elements()).unwrap_or_default()
    }
}

impl Render for HydrateLater {
    type State = HydrateLaterState;

    fn build(self) -> Self::State {
        HydrateLaterState::taken_over((self.0)().build())
    }

    fn rebuild(self, state: &mut Self::State) {
        let view = (self.0)();
        state.with_state(|state| view.rebuild(state));
    }
}

impl AddAnyAttr for HydrateLater {
    // An attribute spread onto the part is its element's: the view is made
    // at once, and taken over with the rest.
    type Output<SomeNewAttr: Attribute> = <AnyView as AddAnyAttr>::Output<SomeNewAttr>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        (self.0)().add_any_attr(attr)
    }
}

impl RenderHtml for HydrateLater {
    type AsyncOutput = <AnyView as RenderHtml>::AsyncOutput;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {
        // Only a `Suspense` rendered on a server asks for this, to find the
        // resources a view reads before rendering it; the app has none. The
        // view is made only when rendered, so there is nothing to walk.
    }

    async fn resolve(self) -> Self::AsyncOutput {
        (self.0)().resolve().await
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        (self.0)().to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        (self.0)().to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        if !FROM_SERVER {
            return HydrateLaterState::taken_over((self.0)().hydrate::<FROM_SERVER>(cursor, position));
        }
        // Step onto the element as the element's own view would, and leave
        // the cursor on it, as that view would once done.
        match position.get() {
            Position::FirstChild => cursor.child(),
            Position::Current => {}
            _ => cursor.sibling(),
        }
        position.set(Position::NextChild);
        let Some(element) = Element::cast_from(cursor.current()) else {
            // Not an element: the page is not what this view renders, which
            // the view itself will find out, at once.
            return HydrateLaterState::taken_over(
                (self.0)().hydrate::<FROM_SERVER>(cursor, &PositionState::new(Position::Current)),
            );
        };
        let state = HydrateLaterState(Rc::new(RefCell::new(Slot::Waiting {
            make: self.0,
            element,
            owner: Owner::current(),
        })));
        let queued = HydrateLaterState(Rc::clone(&state.0));
        QUEUE.with_borrow_mut(|queue| queue.push_back(Box::new(move || queued.finish())));
        state
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

thread_local! {
    /// Parts located but not yet taken over, in the page's order.
    static QUEUE: RefCell<VecDeque<Box<dyn FnOnce()>>> = const { RefCell::new(VecDeque::new()) };
}

/// Takes over the parts still waiting, one task each, then calls `done`.
pub fn finish_then(done: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(
        move || match QUEUE.with_borrow_mut(VecDeque::pop_front) {
            Some(take_over) => {
                take_over();
                finish_then(done);
            }
            None => done(),
        },
        std::time::Duration::ZERO,
    );
}

/// Takes over every part still waiting, now: before anything that changes
/// what the page shows.
pub fn finish_now() {
    while let Some(take_over) = QUEUE.with_borrow_mut(VecDeque::pop_front) {
        take_over();
    }
}

/// Runs `f` in a task of its own, after the tasks already waiting.
pub fn next_task(f: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(f, std::time::Duration::ZERO);
}
