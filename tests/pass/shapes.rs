//! Unit, tuple and named variants and structs; generics, lifetimes and where clauses.

use apifault::ApiError;
use std::fmt::Display;

#[derive(Debug, ApiError)]
#[api(status = 400)]
pub struct Unit;

#[derive(Debug, ApiError)]
#[api(status = 400, message = "{0}")]
pub struct Tuple(pub String);

#[derive(Debug, ApiError)]
#[api(status = 400, message = "{field}")]
pub struct Named {
    pub field: String,
}

#[derive(Debug, ApiError)]
#[api(status = 400)]
pub enum Generic<'a, T: Display, U>
where
    U: Clone,
{
    #[api(message = "{0}")]
    Shown(T),
    Hidden(U),
    Borrowed(&'a str),
}

#[derive(Debug, ApiError)]
#[api(transparent)]
pub struct Wrapper<E: ApiError>(pub E);

#[derive(Debug, ApiError)]
pub enum Empty {}

fn main() {
    assert_eq!(Generic::<u8, ()>::Shown(1).message().to_string(), "1");
    assert_eq!(Wrapper(Unit).code(), "Unit");
    assert_eq!(Tuple("t".into()).message().to_string(), "t");
    assert_eq!(Named { field: "n".into() }.message().to_string(), "n");
}
