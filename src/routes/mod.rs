//! One module per route.

mod article;
mod home;
mod not_found;
mod section;

pub use article::ArticlePage;
pub use home::Home;
pub use not_found::NotFound;
pub use section::SectionPage;
