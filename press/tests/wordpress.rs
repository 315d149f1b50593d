//! `import wordpress`: each conversion of a post's body, on small
//! hand-written exports.

#[path = "wordpress/helpers.rs"]
mod helpers;

use helpers::*;

#[test]
fn block_editor_content() {
    let (body, _) = body_of(
        "<!-- wp:paragraph --><p>A <strong>bold</strong> and <em>new</em> &amp; <a href=\"https://x.org/a b\">link</a>.</p><!-- /wp:paragraph -->\
         <!-- wp:heading {\"level\":3} --><h3>Sub</h3><!-- /wp:heading -->\
         <!-- wp:separator --><hr class=\"wp-block-separator\"/><!-- /wp:separator -->\
         <!-- wp:pullquote --><figure class=\"wp-block-pullquote\"><blockquote><p>Loud</p><cite>Her</cite></blockquote></figure><!-- /wp:pullquote -->",
    );
    assert_eq!(
        body,
        "A **bold** and *new* \\& [link](https://x.org/a%20b).\n\n### Sub\n\n***\n\n> Loud\n>\n> — Her\n"
    );
}

#[test]
fn classic_content_gets_paragraphs_and_breaks() {
    let (body, _) = body_of(
        "First line\nsecond line\n\nNew <b>para</b> with 1 < 2 and *stars* and [sic].\n\n# not a heading",
    );
    assert_eq!(
        body,
        "First line\\\nsecond line\n\nNew **para** with 1 \\< 2 and \\*stars\\* and \\[sic\\].\n\n\\# not a heading\n"
    );
}

#[test]
fn nested_and_ordered_lists() {
    let (body, _) = body_of(
        "<ol><li>One<ol><li>One a</li><li>One b<ul><li>deep</li></ul></li></ol></li><li><p>Two</p></li></ol>",
    );
    assert_eq!(body, "1. One\n   1. One a\n   2. One b\n      - deep\n2. Two\n");
}

#[test]
fn entities_and_code() {
    let (body, _) = body_of(
        "<p>Caf&eacute; &#8220;quoted&#8221; &lt;tag&gt; <code>a_b</code></p>\n<pre class=\"wp-block-code\"><code class=\"language-python\">print(\"```\")\nx = 1 &lt; 2</code></pre>",
    );
    assert_eq!(
        body,
        "Café “quoted” \\<tag\\> `a_b`\n\n````python\nprint(\"```\")\nx = 1 < 2\n````\n"
    );
}

#[test]
fn tables_take_the_first_row_as_header() {
    let (body, _) = body_of(
        "<!-- wp:table --><figure class=\"wp-block-table\"><table><tbody><tr><td>A|B</td><td><em>2</em></td></tr><tr><td>C</td></tr></tbody></table></figure><!-- /wp:table -->",
    );
    assert_eq!(body, "| A\\|B | *2* |\n| --- | --- |\n| C |  |\n");
}

#[test]
fn embeds_from_blocks_lines_shortcodes_and_iframes() {
    let (body, report) = body_of(
        "<!-- wp:embed {\"url\":\"https://vimeo.com/1\"} --><figure class=\"wp-block-embed is-provider-vimeo\"><div class=\"wp-block-embed__wrapper\">\nhttps://vimeo.com/1\n</div><figcaption>The film</figcaption></figure><!-- /wp:embed -->",
    );
    assert_eq!(body, "```embed\nhttps://vimeo.com/1\nThe film\n```\n");
    assert!(!report.contains("unsupported"), "{report}");
    let (body, report) = body_of(
        "Watch:\n\nhttps://youtu.be/xyz\n\n[embed]https://twitter.com/a/status/1[/embed]\n\n<iframe src=\"https://www.youtube.com/embed/q\"></iframe><iframe src=\"https://evil.example/x\"></iframe>",
    );
    assert_eq!(
        body,
        "Watch:\n\n```embed\nhttps://youtu.be/xyz\nyoutu.be\n```\n\n```embed\nhttps://twitter.com/a/status/1\ntwitter.com\n```\n\n\
         ```embed\nhttps://www.youtube.com/embed/q\nyoutube.com\n```\n"
    );
    assert!(
        report.contains("an <iframe> (https://evil.example/x) was left out"),
        "{report}"
    );
}

#[test]
fn unsafe_and_unknown_things_are_left_out_and_reported() {
    let (body, report) = body_of(
        "<p onclick=\"x()\">Hi <span style=\"color:red\">there</span><script>alert(1)</script> <a href=\"javascript:x()\">bad</a> <a href=\"mailto:a@b.c\">mail</a></p>\
         <style>p{}</style><form><input name=q></form>[contact-form-7 id=\"1\"]<!-- wp:columns --><div class=\"wp-block-columns\"><p>Col</p></div><!-- /wp:columns --><!-- wp:cover --><div>Cover</div><!-- /wp:cover -->",
    );
    assert_eq!(body, "Hi there bad mail\n\nCol\n\nCover\n");
    for expected in [
        "a script was left out",
        "a style sheet was left out",
        "a form was left out",
        "link javascript:x() was left out",
        "link mailto:a@b.c was left out",
        "unknown shortcode [contact-form-7] dropped",
        "layout block wp:columns",
        "unsupported block wp:cover",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }
}

#[test]
fn broken_html_is_repaired_and_reported() {
    let (body, report) = body_of("<p>Open <em>never closed<p>Next</div></b>");
    assert_eq!(body, "Open *never closed*\n\n*Next*\n");
    assert!(
        report.contains("the HTML was broken and was repaired"),
        "{report}"
    );
}
