//! Localized messages: the tables `#[api(locales = "...")]` compiles in, and the negotiation of
//! a response's language from `Accept-Language`.
//!
//! The derive reads one Fluent file per locale when it expands (see the crate docs,
//! [Localized messages](crate#localized-messages)) and writes each translation as code, like
//! the default messages: rendering one interprets nothing at run time. What it keeps as data is
//! a [`Localization`]: the default locale, the other locales, and for each its translations as
//! documentation templates, for the catalog and the client.
//!
//! Negotiation is framework-neutral: [`AcceptLanguage`] parses the header (RFC 9110 section
//! 12.5.4, with q-values) and [`Localization::negotiate`] picks a locale by RFC 4647 lookup,
//! falling back to the default locale. [`ErrorResponse::with_accept_language`] and
//! [`ErrorResponse::with_locale`] use them; the axum and actix-web contracts call the former
//! with each request's header.
//!
//! ```
//! use apifault::locale::AcceptLanguage;
//!
//! let ranges: Vec<_> = AcceptLanguage::parse("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")
//!     .map(|range| (range.tag(), range.quality()))
//!     .collect();
//! assert_eq!(ranges[0], ("fr-CH", 1000));
//! assert_eq!(ranges[3], ("de", 700));
//! ```
//!
//! [`ErrorResponse::with_accept_language`]: crate::ErrorResponse::with_accept_language
//! [`ErrorResponse::with_locale`]: crate::ErrorResponse::with_locale

use core::fmt;

use crate::error::ApiError;

/// Every locale of a derived error type and its translations, written by the derive as a
/// `static` ([`ApiError::localization`]).
///
/// A type without `#[api(locales = "...")]` has [`Localization::NONE`]: no locales at all,
/// and its responses say no `Content-Language`.
#[derive(Debug)]
pub struct Localization {
    default_locale: &'static str,
    locales: &'static [LocaleTable],
}

/// One locale other than the default: its tag and its translations.
#[derive(Debug)]
pub struct LocaleTable {
    tag: &'static str,
    translations: &'static [Translation],
}

/// The translation of one code in one locale, as documentation: the message as a template
/// (`{field}` where a field is interpolated, as [`VariantMeta::message_template`] has it
/// after [`template_for_docs`]) and the problem+json title, where the file gives one.
///
/// [`VariantMeta::message_template`]: crate::VariantMeta::message_template
/// [`template_for_docs`]: crate::catalog::template_for_docs
#[derive(Debug)]
pub struct Translation {
    code: &'static str,
    message: &'static str,
    title: &'static str,
}

impl Localization {
    /// The localization of a type without locales.
    pub const NONE: Localization = Localization {
        default_locale: "",
        locales: &[],
    };

    /// The localization of a type whose `message`s are in `default_locale`, with the other
    /// `locales` (what the derive writes; a hand-written [`ApiError`] returns one from
    /// [`ApiError::localization`]).
    #[must_use]
    pub const fn new(default_locale: &'static str, locales: &'static [LocaleTable]) -> Self {
        Localization {
            default_locale,
            locales,
        }
    }

    /// Whether the type has locales at all (`#[api(locales = "...")]`).
    #[must_use]
    pub fn is_localized(&self) -> bool {
        !self.default_locale.is_empty()
    }

    /// The locale of the `message` attributes (`default_locale = "en"`); `None` for a type
    /// without locales.
    #[must_use]
    pub fn default_locale(&self) -> Option<&'static str> {
        self.is_localized().then_some(self.default_locale)
    }

    /// Every locale: the default first, then the others in the order of their tags.
    pub fn locales(&self) -> impl Iterator<Item = &'static str> + use<> {
        let locales: &'static [LocaleTable] = self.locales;
        self.default_locale()
            .into_iter()
            .chain(locales.iter().map(|table| table.tag))
    }

    /// The locales other than the default, with their translations.
    #[must_use]
    pub fn tables(&self) -> &'static [LocaleTable] {
        self.locales
    }

    /// The translation of `code` in `locale` (a tag of this type, compared ignoring case);
    /// `None` for the default locale, whose text is the `message` attribute, and for a code
    /// the locale does not translate.
    #[must_use]
    pub fn translation(&self, locale: &str, code: &str) -> Option<&'static Translation> {
        let table = self
            .locales
            .iter()
            .find(|table| table.tag.eq_ignore_ascii_case(locale))?;
        table.translations.iter().find(|t| t.code == code)
    }

    /// The locale that RFC 4647 lookup finds for one language range: the tag itself, or the
    /// range with subtags cut from its end (`de-CH-1996` → `de-CH` → `de`); `None` if none is
    /// one of this type's locales, or for `*`.
    ///
    /// ```
    /// # use apifault::ApiError;
    /// # #[derive(Debug, ApiError)]
    /// # #[api(locales = "locales", default_locale = "en")]
    /// # enum BookError {
    /// #     #[api(status = 404, code = "BookNotFound", message = "Book {isbn} not found")]
    /// #     NotFound { isbn: String },
    /// #     #[api(status = 409, code = "OutOfStock", message = "Only {copies} copies left")]
    /// #     OutOfStock { copies: u32 },
    /// # }
    /// // A type with the locales `en` (the default) and `de`:
    /// let localization = BookError::localization();
    /// assert_eq!(localization.lookup("de-CH-1996"), Some("de"));
    /// assert_eq!(localization.lookup("EN"), Some("en"));
    /// assert_eq!(localization.lookup("fr"), None);
    /// ```
    #[must_use]
    pub fn lookup(&self, range: &str) -> Option<&'static str> {
        if !self.is_localized() || range == "*" {
            return None;
        }
        let mut range = range;
        loop {
            if let Some(tag) = self.locales().find(|tag| tag.eq_ignore_ascii_case(range)) {
                return Some(tag);
            }
            let (shorter, _) = range.rsplit_once('-')?;
            // A singleton (`x`, `u`) never ends a range: it goes with the subtag after it.
            range = match shorter.rsplit_once('-') {
                Some((before, singleton)) if singleton.len() == 1 => before,
                _ if shorter.len() == 1 => return None,
                _ => shorter,
            };
        }
    }

    /// The locale for a request with this `Accept-Language`: the first range, by quality
    /// (ties in the header's order), whose lookup finds one; else the default locale. `None`
    /// for a type without locales.
    ///
    /// ```
    /// # use apifault::ApiError;
    /// # #[derive(Debug, ApiError)]
    /// # #[api(locales = "locales", default_locale = "en")]
    /// # enum BookError {
    /// #     #[api(status = 404, code = "BookNotFound", message = "Book {isbn} not found")]
    /// #     NotFound { isbn: String },
    /// #     #[api(status = 409, code = "OutOfStock", message = "Only {copies} copies left")]
    /// #     OutOfStock { copies: u32 },
    /// # }
    /// // A type with the locales `en` (the default) and `de`:
    /// let localization = BookError::localization();
    /// assert_eq!(localization.negotiate("fr, de-AT;q=0.8, en;q=0.5"), Some("de"));
    /// assert_eq!(localization.negotiate("en;q=0.9, de"), Some("de"));
    /// assert_eq!(localization.negotiate("fr, ja"), Some("en"));
    /// assert_eq!(localization.negotiate("de;q=0"), Some("en"));
    /// ```
    #[must_use]
    pub fn negotiate(&self, accept_language: &str) -> Option<&'static str> {
        let default = self.default_locale()?;
        Some(
            AcceptLanguage::parse(accept_language)
                .filter(|range| range.quality() > 0)
                .find_map(|range| self.lookup(range.tag()))
                .unwrap_or(default),
        )
    }
}

impl LocaleTable {
    /// The locale `tag` (a BCP 47 tag in canonical case) with its translations.
    #[must_use]
    pub const fn new(tag: &'static str, translations: &'static [Translation]) -> Self {
        LocaleTable { tag, translations }
    }

    /// The locale's BCP 47 tag, as its file names it (`de`, `pt-BR`).
    #[must_use]
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// Its translations, in the order of the type's variants.
    #[must_use]
    pub fn translations(&self) -> &'static [Translation] {
        self.translations
    }
}

impl Translation {
    /// The translation of `code`: its message as a documentation template and its title,
    /// each `""` if the locale gives none.
    #[must_use]
    pub const fn new(code: &'static str, message: &'static str, title: &'static str) -> Self {
        Translation {
            code,
            message,
            title,
        }
    }

    /// The code it translates.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The message as a documentation template (`{field}` for a field), if the file gives one.
    #[must_use]
    pub fn message(&self) -> Option<&'static str> {
        (!self.message.is_empty()).then_some(self.message)
    }

    /// The problem+json title (the Fluent attribute `.title`), if the file gives one.
    #[must_use]
    pub fn title(&self) -> Option<&'static str> {
        (!self.title.is_empty()).then_some(self.title)
    }
}

/// The language ranges of an `Accept-Language` header (RFC 9110 section 12.5.4), best first:
/// by quality, ties in the header's order. Ranges that are not well-formed are skipped, as are
/// malformed weights' ranges; a range without a weight has quality 1000 (`q=1`).
///
/// Parsing keeps at most [`AcceptLanguage::MAX_RANGES`] ranges and allocates nothing.
#[derive(Debug, Clone)]
pub struct AcceptLanguage<'a> {
    ranges: [Option<LanguageRange<'a>>; AcceptLanguage::MAX_RANGES],
    next: usize,
}

/// One language range of an `Accept-Language` header and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageRange<'a> {
    tag: &'a str,
    quality: u16,
}

impl<'a> LanguageRange<'a> {
    /// The range as sent: `de-CH`, `en`, `*`.
    #[must_use]
    pub fn tag(&self) -> &'a str {
        self.tag
    }

    /// Its weight in thousandths: `q=0.8` is 800; 0 means "not acceptable".
    #[must_use]
    pub fn quality(&self) -> u16 {
        self.quality
    }
}

impl<'a> AcceptLanguage<'a> {
    /// The most ranges read from one header; the rest are ignored (a header longer than that
    /// is not a browser's).
    pub const MAX_RANGES: usize = 16;

    /// The ranges of `header`.
    #[must_use]
    pub fn parse(header: &'a str) -> Self {
        let mut ranges = [None; AcceptLanguage::MAX_RANGES];
        let mut count = 0;
        for element in header.split(',') {
            if count == AcceptLanguage::MAX_RANGES {
                break;
            }
            if let Some(range) = parse_element(element) {
                ranges[count] = Some(range);
                count += 1;
            }
        }
        // A stable sort by quality, best first; at most 16 elements, in place.
        ranges[..count].sort_by_key(|range| core::cmp::Reverse(range.map_or(0, |r| r.quality)));
        AcceptLanguage { ranges, next: 0 }
    }
}

impl<'a> Iterator for AcceptLanguage<'a> {
    type Item = LanguageRange<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let range = (*self.ranges.get(self.next)?)?;
        self.next += 1;
        Some(range)
    }
}

/// `de-CH;q=0.8` (with optional whitespace) as a range, or `None` if it is not well-formed.
fn parse_element(element: &str) -> Option<LanguageRange<'_>> {
    let mut parts = element.split(';');
    let tag = parts.next()?.trim_matches([' ', '\t']);
    if !is_language_range(tag) {
        return None;
    }
    let mut quality = 1000;
    for parameter in parts {
        let parameter = parameter.trim_matches([' ', '\t']);
        let (name, value) = parameter.split_once('=')?;
        if name.eq_ignore_ascii_case("q") {
            quality = parse_quality(value)?;
        }
    }
    Some(LanguageRange { tag, quality })
}

/// RFC 4647's `language-range`: `*`, or 1 to 8 letters followed by `-` and 1 to 8 letters or
/// digits, any number of times.
fn is_language_range(tag: &str) -> bool {
    if tag == "*" {
        return true;
    }
    let mut subtags = tag.split('-');
    let first_ok = subtags.next().is_some_and(|first| {
        (1..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic())
    });
    first_ok
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// RFC 9110's `qvalue` in thousandths: `0`, `0.5`, `0.125`, `1`, `1.000`.
fn parse_quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths: u16 = 0;
    for (at, digit) in fraction.bytes().enumerate() {
        let scale = [100, 10, 1][at];
        thousandths += u16::from(digit - b'0') * scale;
    }
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The message of an error in a locale, returned by [`ApiError::message_in`]: formatting it
/// writes straight into the destination.
pub struct MessageIn<'a, E: ?Sized> {
    error: &'a E,
    locale: &'a str,
}

impl<'a, E: ApiError + ?Sized> MessageIn<'a, E> {
    /// The message of `error` in `locale`; usable on a `dyn ApiError`.
    pub fn new(error: &'a E, locale: &'a str) -> Self {
        MessageIn { error, locale }
    }
}

impl<E: ApiError + ?Sized> fmt::Display for MessageIn<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt_message_in(self.locale, f)
    }
}

impl<E: ApiError + ?Sized> fmt::Debug for MessageIn<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageIn")
            .field("locale", &self.locale)
            .field("message", &format_args!("{self}"))
            .finish()
    }
}

/// `Content-Language: locale` (unless the response has one), and with `negotiated`
/// `Vary: Accept-Language` (beside any other `Vary`).
pub(crate) fn set_language_headers(headers: &mut http::HeaderMap, locale: &str, negotiated: bool) {
    if !headers.contains_key(http::header::CONTENT_LANGUAGE) {
        // A tag the derive checked (letters, digits and `-`), so always a valid value.
        if let Ok(value) = http::HeaderValue::from_str(locale) {
            headers.insert(http::header::CONTENT_LANGUAGE, value);
        }
    }
    if negotiated {
        let already = headers
            .get_all(http::header::VARY)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|name| {
                let name = name.trim();
                name == "*" || name.eq_ignore_ascii_case("accept-language")
            });
        if !already {
            headers.append(
                http::header::VARY,
                http::HeaderValue::from_static("accept-language"),
            );
        }
    }
}

/// CLDR plural rules, for the derived selects (through `__private::l10n`).
pub(crate) mod plural;

#[cfg(test)]
mod tests {
    use super::{AcceptLanguage, Localization, parse_quality};

    const TABLES: &[super::LocaleTable] = &[
        super::LocaleTable::new("de", &[]),
        super::LocaleTable::new("pt-BR", &[]),
    ];
    const L10N: Localization = Localization::new("en", TABLES);

    #[test]
    fn qvalues() {
        assert_eq!(parse_quality("0"), Some(0));
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("0.125"), Some(125));
        assert_eq!(parse_quality("1"), Some(1000));
        assert_eq!(parse_quality("1.000"), Some(1000));
        assert_eq!(parse_quality("1.001"), None);
        assert_eq!(parse_quality("0.1234"), None);
        assert_eq!(parse_quality("2"), None);
        assert_eq!(parse_quality(".5"), None);
    }

    #[test]
    fn ranges_sorted_by_quality_stably() {
        let tags: Vec<_> = AcceptLanguage::parse("a;q=0.5, b, c;q=0.5, d;q=1, bad tag, e;q=x")
            .map(|r| r.tag())
            .collect();
        assert_eq!(tags, ["b", "d", "a", "c"]);
    }

    #[test]
    fn lookup_cuts_subtags_and_singletons() {
        assert_eq!(L10N.lookup("pt-BR-x-private"), Some("pt-BR"));
        assert_eq!(L10N.lookup("pt-br"), Some("pt-BR"));
        assert_eq!(L10N.lookup("pt"), None);
        assert_eq!(L10N.lookup("de-x-y"), Some("de"));
        assert_eq!(L10N.lookup("x-de"), None);
        assert_eq!(L10N.lookup("*"), None);
        assert_eq!(Localization::NONE.lookup("en"), None);
    }

    #[test]
    fn negotiation_falls_back_to_the_default() {
        assert_eq!(L10N.negotiate(""), Some("en"));
        assert_eq!(L10N.negotiate("*"), Some("en"));
        assert_eq!(L10N.negotiate("fr;q=1, pt-BR;q=0.1"), Some("pt-BR"));
        assert_eq!(L10N.negotiate("de;q=0, pt;q=0.4, en-GB;q=0.3"), Some("en"));
        assert_eq!(Localization::NONE.negotiate("de"), None);
        let many = "xa, xb, xc, xd, xe, xf, xg, xh, xi, xj, xk, xl, xm, xn, xo, xp, de";
        assert_eq!(
            L10N.negotiate(many),
            Some("en"),
            "ranges past the 16th are ignored"
        );
    }
}
