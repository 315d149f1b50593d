//! Paging a section's listing: how many pages, and which page links to show.

/// Pages needed for `total` items at `page_size` a page; never less than one,
/// so an empty section still has a page that says it is empty.
pub fn page_count(total: u32, page_size: u32) -> u32 {
    if page_size == 0 {
        return 1;
    }
    total.div_ceil(page_size).max(1)
}

/// One entry in a row of page links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    Page(u32),
    /// Pages left out between two shown ones.
    Gap,
}

/// Page links for `current` of `total`: always the first and last page, and
/// the pages next to the current one, with gaps for the rest. A long archive
/// gives a short row: `1 … 49 50 51 … 8334`.
pub fn page_window(current: u32, total: u32) -> Vec<PageLink> {
    let total = total.max(1);
    let current = current.clamp(1, total);
    let mut links = Vec::new();
    let mut last_shown = 0;
    for page in 1..=total {
        let near = page.abs_diff(current) <= 1;
        if page == 1 || page == total || near {
            if page > last_shown + 1 {
                // A gap of one page is shown as that page: "1 2 3" beats "1 … 3".
                if page == last_shown + 2 {
                    links.push(PageLink::Page(last_shown + 1));
                } else {
                    links.push(PageLink::Gap);
                }
            }
            links.push(PageLink::Page(page));
            last_shown = page;
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use PageLink::{Gap, Page};

    #[test]
    fn counts_pages() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(1, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(100_000, 12), 8334);
        assert_eq!(page_count(5, 0), 1);
    }

    #[test]
    fn small_archives_show_every_page() {
        assert_eq!(page_window(1, 1), vec![Page(1)]);
        assert_eq!(page_window(2, 3), vec![Page(1), Page(2), Page(3)]);
        assert_eq!(page_window(1, 4), vec![Page(1), Page(2), Page(3), Page(4)]);
    }

    #[test]
    fn long_archives_show_a_window() {
        assert_eq!(
            page_window(50, 8334),
            vec![Page(1), Gap, Page(49), Page(50), Page(51), Gap, Page(8334)]
        );
        assert_eq!(page_window(1, 10), vec![Page(1), Page(2), Gap, Page(10)]);
        assert_eq!(page_window(10, 10), vec![Page(1), Gap, Page(9), Page(10)]);
    }

    #[test]
    fn out_of_range_pages_are_clamped() {
        assert_eq!(page_window(0, 2), vec![Page(1), Page(2)]);
        assert_eq!(page_window(99, 3), vec![Page(1), Page(2), Page(3)]);
    }
}
