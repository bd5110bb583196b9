//! CLDR cardinal plural categories of integers, for a Fluent select on a numeric field
//! (`{ $count -> [one] ... *[other] ... }`). The derive picks the rule set of each locale's
//! language when it expands (and rejects a category key for a language it has no rules for);
//! at run time one `match` on the integer gives the category.
//!
//! The rules are those of CLDR 46 (`plurals.xml`) for integers (no visible fraction digits,
//! no compact exponent).

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// `zero`
    Zero,
    /// `one`
    One,
    /// `two`
    Two,
    /// `few`
    Few,
    /// `many`
    Many,
    /// `other`
    Other,
}

/// The rule sets of the languages the derive knows, named after what they tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Only `other` (ja, zh, ko, vi, th, id, ms).
    Other,
    /// `one` for 1 (en, de, nl, sv, da, nb, nn, fi, et, el, hu, tr, bg, ...).
    OneIsOne,
    /// `one` for 0 and 1, `many` for millions (fr, pt).
    ZeroOneMillions,
    /// `one` for 1, `many` for millions (es, it, ca).
    OneMillions,
    /// `one`, `few` (2-4), `many` by the last digits (ru, uk, be).
    EastSlavic,
    /// `one` for 1, `few` (2-4 but 12-14), `many` (pl).
    Polish,
    /// `one` for 1, `few` for 2-4 (cs, sk).
    CzechSlovak,
    /// `zero`, `one`, `two`, `few` (3-10), `many` (11-99) by the last two digits (ar).
    Arabic,
}

/// An integer a plural category is chosen for; implemented by every integer type.
#[diagnostic::on_unimplemented(
    message = "a Fluent plural select needs an integer field, not `{Self}`",
    label = "not an integer",
    note = "select on a field of an integer type (`u32`, `i64`, ...), or write the message without a select"
)]
pub trait Operand {
    /// The absolute value.
    fn operand(&self) -> u128;
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl Operand for $ty {
            #[inline]
            fn operand(&self) -> u128 {
                u128::from(*self)
            }
        }
    )*};
}

macro_rules! signed {
    ($($ty:ty),*) => {$(
        impl Operand for $ty {
            #[inline]
            fn operand(&self) -> u128 {
                u128::from(self.unsigned_abs())
            }
        }
    )*};
}

unsigned!(u8, u16, u32, u64, u128);
signed!(i8, i16, i32, i64, i128);

impl Operand for usize {
    #[inline]
    fn operand(&self) -> u128 {
        // `usize` is at most 128 bits wide on every target Rust has.
        u128::try_from(*self).unwrap_or(u128::MAX)
    }
}

impl Operand for isize {
    #[inline]
    fn operand(&self) -> u128 {
        u128::try_from(self.unsigned_abs()).unwrap_or(u128::MAX)
    }
}

impl<T: Operand + ?Sized> Operand for &T {
    #[inline]
    fn operand(&self) -> u128 {
        (**self).operand()
    }
}

/// The category of `n` under `rules`.
#[must_use]
#[inline]
pub fn category(rules: Rules, n: u128) -> Category {
    let (last, last_two) = (n % 10, n % 100);
    match rules {
        Rules::Other => Category::Other,
        Rules::OneIsOne => {
            if n == 1 {
                Category::One
            } else {
                Category::Other
            }
        }
        Rules::ZeroOneMillions | Rules::OneMillions => {
            let one = n == 1 || (rules == Rules::ZeroOneMillions && n == 0);
            if one {
                Category::One
            } else if n != 0 && n % 1_000_000 == 0 {
                Category::Many
            } else {
                Category::Other
            }
        }
        Rules::EastSlavic => {
            if last == 1 && last_two != 11 {
                Category::One
            } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
                Category::Few
            } else {
                Category::Many
            }
        }
        Rules::Polish => {
            if n == 1 {
                Category::One
            } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
                Category::Few
            } else {
                Category::Many
            }
        }
        Rules::CzechSlovak => match n {
            1 => Category::One,
            2..=4 => Category::Few,
            _ => Category::Other,
        },
        Rules::Arabic => match (n, last_two) {
            (0, _) => Category::Zero,
            (1, _) => Category::One,
            (2, _) => Category::Two,
            (_, 3..=10) => Category::Few,
            (_, 11..=99) => Category::Many,
            _ => Category::Other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{Category, Operand, Rules, category};

    #[test]
    fn cldr_examples() {
        use Category::{Few, Many, One, Other, Two, Zero};
        let cases: &[(Rules, &[(u128, Category)])] = &[
            (
                Rules::OneIsOne,
                &[(0, Other), (1, One), (2, Other), (11, Other)],
            ),
            (
                Rules::ZeroOneMillions,
                &[(0, One), (1, One), (2, Other), (1_000_000, Many)],
            ),
            (
                Rules::OneMillions,
                &[(0, Other), (1, One), (2_000_000, Many)],
            ),
            (
                Rules::EastSlavic,
                &[
                    (1, One),
                    (21, One),
                    (11, Many),
                    (2, Few),
                    (24, Few),
                    (12, Many),
                    (5, Many),
                    (0, Many),
                ],
            ),
            (
                Rules::Polish,
                &[(1, One), (21, Many), (22, Few), (12, Many), (5, Many)],
            ),
            (
                Rules::CzechSlovak,
                &[(1, One), (3, Few), (5, Other), (22, Other)],
            ),
            (
                Rules::Arabic,
                &[
                    (0, Zero),
                    (1, One),
                    (2, Two),
                    (3, Few),
                    (110, Few),
                    (100, Other),
                    (102, Other),
                    (111, Many),
                    (103, Few),
                ],
            ),
            (Rules::Other, &[(1, Other)]),
        ];
        for (rules, examples) in cases {
            for &(n, expected) in *examples {
                assert_eq!(category(*rules, n), expected, "{rules:?} {n}");
            }
        }
    }

    #[test]
    fn operands_are_absolute() {
        assert_eq!((-3i8).operand(), 3);
        assert_eq!(i128::MIN.operand(), 1 << 127);
        assert_eq!(Operand::operand(&&7usize), 7);
    }
}
