//! Pieces shared by the routes.

mod comment_form;
mod comment_thread;
mod figure;
mod listing;
mod pager;
mod rich_text;
mod share;
mod site_footer;
mod site_header;
mod status;
mod story_card;
mod theme_switch;
mod when;

pub use comment_form::{expect_form_to_take_over, prune_old_drafts, CommentForm};
pub use comment_thread::{CommentThread, ThreadState};
pub use figure::{Figure, Placement};
pub use listing::ListingPage;
pub use pager::Pager;
pub use rich_text::{Body, Spans};
pub use share::ShareButton;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use status::{ErrorView, Loaded, Placeholder};
pub use story_card::{StoryCard, StoryList};
pub use theme_switch::ThemeSwitch;
pub use when::When;
