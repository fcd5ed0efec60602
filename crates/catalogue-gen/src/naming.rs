//! Names (tables, columns, Rust constants) and plain-text descriptions.

/// Path segments left out of table names: `/v1/test_helpers/test_clocks` is `TestClocks`.
const NAMELESS_SEGMENTS: &[&str] = &["test_helpers"];

/// Path segments whose Stripe spelling runs words together.
const SEGMENT_WORDS: &[(&str, &str)] = &[("invoiceitems", "invoice_items")];

/// `invoice_prefix` → `InvoicePrefix`, `checkout.session` → `CheckoutSession`,
/// `billing/meters` → `BillingMeters`.
pub fn pascal_case(s: &str) -> String {
    s.split(['_', '.', '/', ' ', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// The table name of a top-level list path: `/v1/payment_intents` → `PaymentIntents`.
pub fn table_name(path: &str) -> String {
    let rest = path.trim_start_matches("/v1/");
    rest.split('/')
        .filter(|seg| !NAMELESS_SEGMENTS.contains(seg))
        .map(|seg| {
            let seg = SEGMENT_WORDS
                .iter()
                .find(|(from, _)| *from == seg)
                .map_or(seg, |(_, to)| to);
            pascal_case(seg)
        })
        .collect()
}

/// The Rust constant of a table: `CheckoutSessions` → `CHECKOUT_SESSIONS`.
pub fn const_name(table: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in table.chars() {
        if c.is_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        out.extend(c.to_uppercase());
    }
    out
}

/// The first sentence of a spec description as plain text: HTML tags, Markdown links and code
/// marks removed, whitespace collapsed. SQL tools show it as a column's REMARKS, where Markdown
/// would be noise.
pub fn plain_description(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                // Drop an HTML tag; a lone `<` (as in "amount < 0") stays.
                let tag: String = chars.clone().take_while(|&c| c != '>').collect();
                let is_tag = tag
                    .chars()
                    .next()
                    .is_some_and(|f| f.is_ascii_alphabetic() || f == '/')
                    && chars.clone().any(|c| c == '>');
                if is_tag {
                    for c in chars.by_ref() {
                        if c == '>' {
                            break;
                        }
                    }
                    out.push(' ');
                } else {
                    out.push(c);
                }
            }
            '`' => {}
            '[' => {
                // `[text](url)` → `text`.
                let label: String = chars.clone().take_while(|&c| c != ']').collect();
                let after: String = chars
                    .clone()
                    .skip(label.chars().count() + 1)
                    .take(1)
                    .collect();
                if after == "(" && !label.contains('[') {
                    let skip = label.chars().count() + 2;
                    for _ in 0..skip {
                        chars.next();
                    }
                    for c in chars.by_ref() {
                        if c == ')' {
                            break;
                        }
                    }
                    out.push_str(&label);
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    first_sentence(&collapsed).to_string()
}

/// Text up to the first ". " that ends a sentence (the next word is capitalised and the period
/// does not end an abbreviation such as "e.g.").
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = text.get(i..).and_then(|t| t.find(". ")) {
        let end = i + pos + 1;
        let next = bytes.get(end + 1).copied().unwrap_or(b' ');
        let word_start = text[..end - 1].rfind(' ').map_or(0, |p| p + 1);
        let word = &text[word_start..end];
        let abbreviation = word.matches('.').count() > 1 || matches!(word, "etc." | "vs.");
        if next.is_ascii_uppercase() && !abbreviation {
            return &text[..end];
        }
        i = end;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal_case("invoice_prefix"), "InvoicePrefix");
        assert_eq!(pascal_case("line1"), "Line1");
        assert_eq!(pascal_case("checkout.session"), "CheckoutSession");
        assert_eq!(table_name("/v1/customers"), "Customers");
        assert_eq!(table_name("/v1/payment_intents"), "PaymentIntents");
        assert_eq!(table_name("/v1/billing/meters"), "BillingMeters");
        assert_eq!(table_name("/v1/checkout/sessions"), "CheckoutSessions");
        assert_eq!(table_name("/v1/invoiceitems"), "InvoiceItems");
        assert_eq!(table_name("/v1/test_helpers/test_clocks"), "TestClocks");
        assert_eq!(const_name("CheckoutSessions"), "CHECKOUT_SESSIONS");
        assert_eq!(const_name("Customers"), "CUSTOMERS");
        assert_eq!(const_name("Tax3dsRates"), "TAX3DS_RATES");
    }

    #[test]
    fn descriptions_are_plain_first_sentences() {
        assert_eq!(
            plain_description("The `Charge` object. See [docs](https://x.y/z) for more."),
            "The Charge object."
        );
        assert_eq!(
            plain_description("Three-letter [ISO code](https://iso.org), in lowercase. Must be."),
            "Three-letter ISO code, in lowercase."
        );
        assert_eq!(
            plain_description("<p>Address line 1 (e.g., street).</p>\n\nMore."),
            "Address line 1 (e.g., street)."
        );
        assert_eq!(
            plain_description("Use e.g. Foo instead. Then more"),
            "Use e.g. Foo instead."
        );
        assert_eq!(
            plain_description("amount < 0 means a credit"),
            "amount < 0 means a credit"
        );
        assert_eq!(plain_description("  "), "");
    }
}
