//! Moved pages (`content/redirects.txt`): what the build writes for nginx and
//! `_redirects`, at the root and under a sub-path, and each mistake it
//! refuses, at its line.

mod common;

use common::{snapshot, Fixture};

/// A shell as Trunk writes it, under the sub-path `/news/`.
const NEWS_SHELL: &str = "<!doctype html><html lang=en><meta charset=utf-8><base href=/news/><title>B</title></head><body></body></html>\n";

const GOOD: &str = "# Moved from WordPress.\n\
/2024/01/01/first-post/   /world/first/\n\
/?p=12                    /world/second\n\
\n\
/category/world-news/  /world/   301\n\
/category/sports  /sport/  # the old category\n\
/tag/A-tag/  /tag/a/page/2/\n\
/2019/東京/  /world/third/\n\
/?page_id=7&lang=en  /\n\
/2024/01/01/first-post/   /world/first/\n";

fn fixture(redirects: &str) -> Fixture {
    let f = Fixture::new();
    f.write("content/redirects.txt", redirects);
    f
}

/// The build's errors for `redirects`, only those of redirects.txt.
fn errors(redirects: &str) -> Vec<String> {
    fixture(redirects).errors()
}

fn assert_error(errors: &[String], line: usize, text: &str) {
    let at = format!("content/redirects.txt:{line}: ");
    assert!(
        errors.iter().any(|e| e.starts_with(&at) && e.contains(text)),
        "no error at {at:?} containing {text:?} in {errors:#?}"
    );
}

#[test]
fn nginx_maps_and_redirects_at_the_root() {
    let f = fixture(GOOD);
    f.build().expect("the build");
    assert_eq!(
        f.read("redirects-by-path.map"),
        "# Written by broadsheet-press from redirects.txt (docs/deploy.md); do not edit.\n\
         \"/2024/01/01/first-post/\" \"/world/first/\";\n\
         \"/2024/01/01/first-post\" \"/world/first/\";\n\
         \"/category/world-news/\" \"/world/\";\n\
         \"/category/world-news\" \"/world/\";\n\
         \"/category/sports\" \"/sport/\";\n\
         \"/category/sports/\" \"/sport/\";\n\
         \"/tag/A-tag/\" \"/tag/a/page/2/\";\n\
         \"/tag/A-tag\" \"/tag/a/page/2/\";\n\
         \"/2019/東京/\" \"/world/third/\";\n\
         \"/2019/東京\" \"/world/third/\";\n"
    );
    assert_eq!(
        f.read("redirects-by-query.map"),
        "# Written by broadsheet-press from redirects.txt (docs/deploy.md); do not edit.\n\
         \"/?p=12\" \"/world/second/\";\n\
         \"/?page_id=7&lang=en\" \"/\";\n"
    );
    // Without a shell there is no 404.html, so no not-found rule.
    assert_eq!(
        f.read("_redirects"),
        "# Netlify-style hosts (docs/deploy.md). Written by broadsheet-press.\n\
         /2024/01/01/first-post/  /world/first/  301\n\
         /category/world-news/  /world/  301\n\
         /category/sports  /sport/  301\n\
         /tag/A-tag/  /tag/a/page/2/  301\n\
         /2019/%E6%9D%B1%E4%BA%AC/  /world/third/  301\n\
         # Old links with a query: Netlify matches them; hosts that cannot, see docs/deploy.md.\n\
         /  p=12  /world/second/  301!\n\
         /  page_id=7 lang=en  /  301!\n\
         /:section page=:page  /:section/page/:page/  301\n"
    );
}

#[test]
fn under_a_sub_path_both_sides_carry_it_and_the_not_found_rule_is_last() {
    let f = fixture("/2024/01/01/first-post/ /world/first/\n/?p=12 /world/second/\n");
    f.write("shell.html", NEWS_SHELL);
    broadsheet_press::build_with(&f.content(), &f.out(), Some(&f.path("shell.html"))).expect("the build");
    assert!(f
        .read("redirects-by-path.map")
        .contains("\n\"/news/2024/01/01/first-post/\" \"/news/world/first/\";\n"));
    assert!(f
        .read("redirects-by-query.map")
        .ends_with("\n\"/news/?p=12\" \"/news/world/second/\";\n"));
    let rules = f.read("_redirects");
    let lines: Vec<&str> = rules.lines().collect();
    assert_eq!(
        lines[1..],
        [
            "/news/2024/01/01/first-post/  /news/world/first/  301",
            "# Old links with a query: Netlify matches them; hosts that cannot, see docs/deploy.md.",
            "/news/  p=12  /news/world/second/  301!",
            "/news/:section page=:page  /news/:section/page/:page/  301",
            "/news/*  /news/404.html  404",
        ]
    );
}

#[test]
fn without_redirects_txt_the_maps_are_empty_and_the_site_rules_stay() {
    let f = Fixture::new();
    f.build().expect("the build");
    for map in ["redirects-by-path.map", "redirects-by-query.map"] {
        assert_eq!(
            f.read(map).lines().filter(|l| !l.starts_with('#')).count(),
            0,
            "{map}"
        );
    }
    assert_eq!(
        f.read("_redirects"),
        "# Netlify-style hosts (docs/deploy.md). Written by broadsheet-press.\n\
         /:section page=:page  /:section/page/:page/  301\n"
    );
    // Removed from redirects.txt, gone from the next build's maps.
    let f = fixture("/old/ /world/\n");
    f.build().expect("the build");
    assert!(f.read("redirects-by-path.map").contains("\"/old/\""));
    f.write("content/redirects.txt", "# nothing now\n");
    f.build().expect("the build");
    assert!(!f.read("redirects-by-path.map").contains("/old"));
}

#[test]
fn syntax_mistakes_name_their_line() {
    let e = errors("/only-one\n/a /world/ 302\n/a /b /c /d\n/fine/ /world/\n");
    assert_error(&e, 1, "two paths, `<from> <to>`");
    assert_error(&e, 2, "only permanent redirects (301)");
    assert_error(&e, 3, "not 4 fields");
    assert_eq!(e.len(), 3, "{e:#?}");
}

#[test]
fn the_target_must_be_a_page_of_the_site() {
    let e = errors(
        "/a/ /world/nope/\n/b/ /opinion/\n/c/ /world/page/3/\n/d/ /tag/nope/\n/e/ /author/nobody/\n\
         /f/ https://elsewhere.example/x\n/g/ world/first/\n/h/ /world/first/?x=1\n/i/ /search/\n/j/ /world/first/x.html\n",
    );
    assert_error(&e, 1, "there is no article \"nope\" in section \"world\"");
    assert_error(&e, 2, "there is no section \"opinion\"");
    assert_error(&e, 3, "section \"world\" has 2 page(s), not 3");
    assert_error(&e, 4, "there is no tag \"nope\"");
    assert_error(&e, 5, "there is no author page \"nobody\"");
    assert_error(&e, 6, "a redirect goes to a page of this site");
    assert_error(&e, 7, "starts with /");
    assert_error(&e, 8, "without ?query or #fragment");
    assert_error(&e, 9, "not a page of the site");
    assert_error(&e, 10, "not a page of the site");
    assert_eq!(e.len(), 10, "{e:#?}");
}

#[test]
fn an_old_address_may_not_hide_a_page_or_a_file_of_the_site() {
    let e = errors(
        "/world/ /sport/\n/world /sport/\n/world/first /sport/\n/tag/a/ /sport/\n/world/?page=2 /sport/\n\
         /content/site.json /sport/\n/media/x.png /sport/\n/search/?q=x /sport/\n/feed.xml /sport/\n/ /sport/\n\
         /world/?page=9 /sport/\n/tag/unused/ /sport/\n",
    );
    for line in [1, 2, 3, 4, 5, 10] {
        assert_error(&e, line, "a redirect would hide it");
    }
    assert_error(&e, 1, "it is the site's page /world/");
    assert_error(&e, 5, "it is the site's page /world/page/2/");
    for line in [6, 7, 8, 9] {
        assert_error(&e, line, "is the site's own");
    }
    // A page number past the last, and a tag no article has, are free.
    assert_eq!(e.len(), 10, "{e:#?}");
}

#[test]
fn one_old_address_goes_to_one_page() {
    let e =
        errors("/old/ /world/\n/old/ /world/\n/old /sport/\n/old/ /sport/\n/?p=1 /world/\n/?p=1 /sport/\n");
    assert_error(&e, 4, "/old/ already redirects to /world/ (line 1)");
    assert_error(&e, 6, "/?p=1 already redirects to /world/ (line 5)");
    // `/old` without its slash is another address here (nginx lists the
    // other spelling only when it is not listed itself).
    assert_eq!(e.len(), 2, "{e:#?}");
}

#[test]
fn what_a_rule_file_would_misread_is_refused() {
    let e = errors(
        "/a\"b/ /world/\n/a*/ /world/\n/:slug/ /world/\n/a%zz/ /world/\n/a%0A/ /world/\n/a%FF/ /world/\n\
         /a//b/ /world/\n/a/../b/ /world/\n/x#top /world/\n2019/x/ /world/\nhttps://old.example/x /world/\n\
         /?p /world/\n/?p=:id /world/\n/?p=a\"b /world/\n/a{b}/ /world/\n",
    );
    assert_error(&e, 1, "'\"' cannot be part of a path");
    assert_error(&e, 2, "is a pattern in `_redirects`");
    assert_error(&e, 3, "is a pattern in `_redirects`");
    assert_error(&e, 4, "`%zz` is not a percent-escape");
    assert_error(&e, 5, "control character");
    assert_error(&e, 6, "not UTF-8");
    assert_error(&e, 7, "would never match");
    assert_error(&e, 8, "would never match");
    assert_error(&e, 9, "#fragment never reaches the server");
    assert_error(&e, 10, "a path starting with /");
    assert_error(&e, 11, "without scheme and host");
    assert_error(&e, 12, "has no `=value`");
    assert_error(&e, 13, "would be a placeholder");
    assert_error(&e, 14, "percent-encode it");
    assert_error(&e, 15, "percent-encode it");
    assert_eq!(e.len(), 15, "{e:#?}");
    let long = format!("/{}/ /world/\n", "x".repeat(400));
    assert_error(
        &errors(&long),
        1,
        "402 bytes long (percent-encoded); nginx's map takes up to 400",
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_of_the_file() {
    let f = Fixture::new();
    std::fs::write(f.path("content/redirects.txt"), b"/caf\xe9/ /world/\n").unwrap();
    assert_eq!(
        f.errors(),
        vec!["content/redirects.txt: is not UTF-8 text".to_string()]
    );
}

#[test]
fn a_bad_redirect_fails_check_and_build_and_changes_nothing() {
    let f = fixture("/old/ /world/\n");
    f.build().expect("the first build");
    let before = snapshot(&f.out());
    f.write("content/redirects.txt", "/old/ /world/\n/older/ /nowhere/\n");
    let errors = broadsheet_press::load_sources(&f.content()).expect_err("check fails");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, 2);
    assert!(f.build().is_err());
    assert_eq!(snapshot(&f.out()), before, "a failed build changed the output");
}

#[test]
fn nginx_keys_are_decoded_and_quoted() {
    // `$uri` is decoded, so the key is too; `"` and `\` are escaped in its
    // quotes (checked by hand against nginx). A byte-order mark and CRLF
    // line ends, as some editors write, are read as nothing.
    let f = fixture("\u{feff}/a%22b%5Cc%20d/ /world/\r\n/caf%c3%a9/ /sport/\r\n/café/ /sport/\n");
    f.build().expect("the build");
    let map = f.read("redirects-by-path.map");
    assert!(map.contains("\n\"/a\\\"b\\\\c d/\" \"/world/\";\n"), "{map}");
    // One address, however its escapes are written.
    assert_eq!(map.matches("\"/café/\"").count(), 1, "{map}");
    assert!(f.read("_redirects").contains("\n/caf%C3%A9/  /sport/  301\n"));
}

#[test]
fn an_author_page_is_a_target_and_may_not_be_an_old_address() {
    let f = fixture(
        "/about/a-writer/ /author/a-writer/\n/author/a-writer/ /world/\n/author/old-name /author/a-writer\n",
    );
    f.write(
        "content/site.toml",
        &format!(
            "{}\n[[authors]]\nname = \"A. Writer\"\nbio = \"Writes.\"\n",
            common::SITE
        ),
    );
    let errors = f.errors();
    assert_error(&errors, 2, "it is the site's page /author/a-writer/");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    f.write(
        "content/redirects.txt",
        "/about/a-writer/ /author/a-writer/\n/author/old-name /author/a-writer\n",
    );
    f.build().expect("the build");
    assert!(f
        .read("redirects-by-path.map")
        .contains("\n\"/author/old-name\" \"/author/a-writer/\";\n"));
}
