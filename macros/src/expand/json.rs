//! JSON escaping done at expansion, so that literal text and member names are written into the
//! body as they are (the default messages here, the translations in `localize`). It must agree with `serde_json`, which writes everything else: the tests
//! compare the two for every `char`.

use std::fmt::Write as _;

/// `text` as a JSON string literal, quotes included, escaped as `serde_json` escapes.
pub(crate) fn json_string(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + 2);
    json.push('"');
    for ch in text.chars() {
        match ch {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            '\u{8}' => json.push_str("\\b"),
            '\u{c}' => json.push_str("\\f"),
            ch if u32::from(ch) < 0x20 => {
                let _ = write!(json, "\\u{:04x}", u32::from(ch));
            }
            ch => json.push(ch),
        }
    }
    json.push('"');
    json
}

/// `text` escaped as the contents of a JSON string, without the quotes.
pub(crate) fn json_contents(text: &str) -> String {
    let quoted = json_string(text);
    quoted[1..quoted.len() - 1].to_owned()
}

#[cfg(test)]
mod tests {
    use super::{json_contents, json_string};

    #[test]
    fn escapes_every_char_as_serde_json_does() {
        for ch in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = ch.to_string();
            let expected = serde_json::to_string(&text).expect("a string serializes");
            assert_eq!(json_string(&text), expected, "U+{:04X}", u32::from(ch));
        }
    }

    #[test]
    fn escapes_text_as_serde_json_does() {
        for text in [
            "",
            "plain",
            "a\"b\\c",
            "line\nbreak\ttab\r",
            "\u{0}\u{1f}\u{7f}é🦀",
        ] {
            let expected = serde_json::to_string(text).expect("a string serializes");
            assert_eq!(json_string(text), expected);
            assert_eq!(json_contents(text), expected[1..expected.len() - 1]);
        }
    }
}
