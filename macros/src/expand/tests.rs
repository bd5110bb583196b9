use super::derive;
use proc_macro2::TokenStream;
use quote::quote;

fn expand(input: TokenStream) -> String {
    derive(input).to_string()
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    for input in [
        quote!(),
        quote!(
            fn f() {}
        ),
        quote!(enum),
        quote!(
            #[api(status = )]
            enum E {
                A,
            }
        ),
        quote!(
            #[api(status = 400 400)]
            enum E {
                A,
            }
        ),
        quote!(
            #[api(message())]
            struct S;
        ),
        quote!(
            #[api(message("x" "y"))]
            struct S;
        ),
        quote!(
            #[api(message("{}", ,))]
            struct S;
        ),
        quote!(
            #[api(status = 400, message = "{:.*}")]
            struct S;
        ),
        quote!(
            #[api(status = 400, message = "{0:>1$}")]
            struct S(u8, usize);
        ),
        quote!(
            #[api(status = 400, message("{}", .))]
            struct S;
        ),
        quote!(
            #[api(status = 400, message("{}", .0.1.2))]
            struct S((u8, (u8, u8)));
        ),
        quote!(
            #[api(status = 400, message = "{été}")]
            struct S {
                été: u8,
            }
        ),
        quote!(
            #[api(::status = 400)]
            struct S;
        ),
        quote!(
            #[api(a::b)]
            struct S;
        ),
        quote!(
            #[api(status = 65536)]
            struct S;
        ),
        quote!(
            #[api(status = -1)]
            struct S;
        ),
        quote!(
            #[api(status = 400, type_base = "")]
            struct S;
        ),
        quote!(#[api(status = 400)] union U { a: u8 }),
    ] {
        let output = expand(input.clone());
        assert!(!output.is_empty() || input.is_empty(), "{input}");
    }
}

/// A field's texts in the packed metadata (`layout`), as the expansion spells the literal: no
/// wire name, no description.
fn packed_field(name: &str, type_name: &str, role: char) -> String {
    assert_eq!(crate::layout::END, '\0');
    format!(r"{name}\0\0{type_name}\0\0{role}\0")
}

/// thiserror's `#[backtrace]` only compiles on nightly, so its detection is checked here.
#[test]
fn thiserror_markers_make_a_field_internal() {
    for marker in [quote!(#[backtrace]), quote!(#[source]), quote!(#[from])] {
        let output = expand(quote! {
            #[api(status = 500)]
            enum E { A { #marker trace: Trace } }
        });
        let internal = packed_field("trace", "Trace", crate::layout::role::INTERNAL);
        assert!(output.contains(&internal), "{marker}: {output}");
    }
    // A list form belongs to another derive (derive_more's `#[from(...)]`).
    let output = expand(quote!(
        #[api(status = 400)]
        enum E {
            A {
                #[from(u8)]
                value: u8,
            },
        }
    ));
    let member = format!(r"value\0value\0u8\0\0{}\0", crate::layout::role::MEMBER);
    assert!(output.contains(&member), "{output}");
}

#[test]
fn errors_come_with_a_stub_impl() {
    let output = expand(quote!(
        #[api(status = 200)]
        enum E {
            A,
        }
    ));
    assert!(output.contains("compile_error"));
    assert!(output.contains("impl :: apifault :: __private :: ApiError for E"));
}

#[test]
fn emits_every_path_through_core_or_private() {
    let output = expand(quote! {
        #[api(status = 400, display)]
        enum E<T> {
            #[api(message = "{0}")]
            A(T),
            #[api(transparent)]
            B(Inner),
        }
    });
    assert!(!output.contains("compile_error"), "{output}");
    assert!(output.contains("# [automatically_derived]"));
    // Every path is absolute: `::core` or `::apifault::__private`.
    for token in [
        "Option",
        "Result",
        "Some",
        "None",
        "StatusCode",
        "ApiError",
        "Formatter",
    ] {
        for (at, _) in output.match_indices(&format!(" {token} ")) {
            let before = &output[..at];
            assert!(
                before.ends_with(" ::") || before.ends_with("::"),
                "relative `{token}` in {output}"
            );
        }
    }
    assert!(output.contains("T : :: core :: fmt :: Display"), "{output}");
}
