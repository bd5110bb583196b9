//! The catalog as a Markdown error reference page, in the style of public API docs: grouped
//! by status, one entry per code with its description, message, resolution, fields, headers
//! and an example body in the API's format.

use core::fmt::Write as _;

use super::example::{example_body_in, template_for_docs};
use super::{Catalog, FieldRole, VariantMeta};
use crate::format::Format;
use crate::locale::{Localization, Translation};

impl Catalog {
    /// The error reference page of this type, as Markdown.
    ///
    /// ```
    /// use apifault::ApiError;
    ///
    /// /// Errors of the shop.
    /// #[derive(Debug, ApiError)]
    /// #[api(format = "errors")]
    /// enum ShopError {
    ///     /// The item is sold out.
    ///     #[api(status = 409, code = "OutOfStock", message = "Item {sku} is gone",
    ///           resolution = "Pick another item.")]
    ///     OutOfStock {
    ///         /// The item's stock-keeping unit.
    ///         sku: String,
    ///     },
    /// }
    ///
    /// let page = ShopError::catalog().to_markdown();
    /// assert!(page.starts_with("# `ShopError` errors\n"));
    /// assert!(page.contains("## 409 Conflict\n"));
    /// assert!(page.contains("### `OutOfStock`\n"));
    /// assert!(page.contains("| `sku` | `String` | The item's stock-keeping unit. |"));
    /// ```
    #[must_use]
    pub fn to_markdown(&self) -> String {
        self.markdown_with(None)
    }

    /// The page, with the messages and titles of `locale` where `localization` translates them
    /// (`None`: the default locale's).
    pub(crate) fn markdown_with(&self, locale: Option<(&Localization, &str)>) -> String {
        let format = self.default_format();
        let mut page = String::new();
        let _ = writeln!(page, "# `{}` errors\n", self.type_name());
        if !self.description().is_empty() {
            let _ = writeln!(page, "{}\n", self.description());
        }
        let _ = writeln!(
            page,
            "Every error is sent in the `{}` format, with `Content-Type: {}`.",
            format.name(),
            format.content_type()
        );
        if let Some((localization, tag)) = locale {
            let _ = writeln!(
                page,
                "\nMessages in `{tag}`; a code without a translation says the default locale's (`{}`).",
                localization.default_locale().unwrap_or_default()
            );
        }
        let mut variants: Vec<&'static VariantMeta> = self.variants().collect();
        // A stable sort: declaration order within one status.
        variants.sort_by_key(|variant| variant.status().as_u16());
        let mut current_status = None;
        for variant in variants {
            if current_status != Some(variant.status()) {
                current_status = Some(variant.status());
                let _ = write!(
                    page,
                    "\n## {} {}\n",
                    variant.status().as_u16(),
                    super::reason_phrase(variant.status())
                );
            }
            let translation = locale.and_then(|(l10n, tag)| l10n.translation(tag, variant.code()));
            write_entry(
                &mut page,
                variant,
                translation,
                &example_body_in(variant, format, translation),
            );
        }
        page
    }
}

fn write_entry(
    page: &mut String,
    variant: &VariantMeta,
    translation: Option<&Translation>,
    example: &str,
) {
    let _ = write!(page, "\n### `{}`\n\n", variant.code());
    if !variant.description().is_empty() {
        let _ = write!(page, "{}\n\n", variant.description());
    }
    let message = match translation.and_then(Translation::message) {
        Some(message) => message.to_owned(),
        None => variant
            .message_template()
            .map_or_else(|| variant.title().to_owned(), template_for_docs),
    };
    let _ = writeln!(page, "- Message: {}", inline_code(&message));
    let title = translation
        .and_then(Translation::title)
        .unwrap_or_else(|| variant.title());
    if title != super::reason_phrase(variant.status()) {
        let _ = writeln!(page, "- Title: {}", inline_code(title));
    }
    if let Some(type_uri) = variant.type_uri() {
        let _ = writeln!(page, "- Type: <{type_uri}>");
    }
    if let Some(resolution) = variant.resolution() {
        let _ = writeln!(page, "- Resolution: {resolution}");
    }
    let members: Vec<_> = variant
        .fields()
        .filter(|f| f.role() == FieldRole::Member)
        .collect();
    if !members.is_empty() {
        page.push_str("\n| Field | Type | Description |\n|---|---|---|\n");
        for field in members {
            let _ = writeln!(
                page,
                "| `{}` | `{}` | {} |",
                field.wire_name().unwrap_or(field.name()),
                field.type_name(),
                table_cell(field.description())
            );
        }
    }
    let headers: Vec<_> = variant
        .fields()
        .filter_map(|field| match field.role() {
            FieldRole::Header(name) => Some((format!("`{name}`"), field)),
            FieldRole::Headers => Some((format!("from `{}`", field.type_name()), field)),
            _ => None,
        })
        .collect();
    if !headers.is_empty() {
        page.push_str("\n| Header | Type | Description |\n|---|---|---|\n");
        for (header, field) in headers {
            let _ = writeln!(
                page,
                "| {header} | `{}` | {} |",
                field.type_name(),
                table_cell(field.description())
            );
        }
    }
    let _ = write!(page, "\n```json\n{example}\n```\n");
}

/// Text in backticks, with enough of them to hold backticks in the text.
fn inline_code(text: &str) -> String {
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A description inside one table cell: one line, pipes escaped.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
