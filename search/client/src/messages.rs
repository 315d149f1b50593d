//! What the search says, in words: counts and the no-results message.

/// "3 results for “council”", "About 2,000 results…": read out by the live
/// region after each search.
pub fn count_message(total: usize, exact: bool, query: &str) -> String {
    let query = shown(query);
    match (total, exact) {
        (1, true) => format!("1 result for “{query}”"),
        (n, true) => format!("{} results for “{query}”", thousands(n)),
        (n, false) => format!("About {} results for “{query}”", thousands(n)),
    }
}

pub fn no_results_message(query: &str) -> String {
    format!(
        "No articles match “{}”. Try other or fewer words, or browse the sections.",
        shown(query)
    )
}

/// The query as it is repeated back: trimmed, spaces collapsed, and cut
/// at 80 characters (2 000 pasted characters would fill the screen).
fn shown(query: &str) -> String {
    let words: Vec<&str> = query.split_whitespace().collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &joined[..i]),
        None => joined,
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count_message(1, true, "council"), "1 result for “council”");
        assert_eq!(
            count_message(3, true, " two  words "),
            "3 results for “two words”"
        );
        assert_eq!(count_message(12345, false, "a"), "About 12,345 results for “a”");
        assert_eq!(count_message(0, true, "x"), "0 results for “x”");
    }

    #[test]
    fn a_long_query_is_cut_when_repeated() {
        let long = "é".repeat(2000);
        let message = no_results_message(&long);
        assert!(message.chars().count() < 200, "{message}");
        assert!(message.contains("…”"));
    }
}
