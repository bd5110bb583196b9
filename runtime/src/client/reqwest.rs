//! A non-success `reqwest::Response` into the typed error (feature `reqwest`).

use core::fmt;

use super::{Decode, DecodeError, Decoded, Decoder};

/// Why a response could not be read or decoded.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReqwestError {
    /// The body could not be read.
    Transport(reqwest::Error),
    /// The body could not be decoded.
    Decode(DecodeError),
}

impl fmt::Display for ReqwestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReqwestError::Transport(error) => write!(f, "cannot read the error body: {error}"),
            ReqwestError::Decode(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ReqwestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReqwestError::Transport(error) => Some(error),
            ReqwestError::Decode(error) => Some(error),
        }
    }
}

/// Reads `response`'s body (stopping as soon as it passes the decoder's size limit) and
/// decodes it into `E`'s errors.
///
/// # Errors
///
/// When the body cannot be read, or cannot be decoded.
pub async fn decode_reqwest<E: Decode>(
    decoder: &Decoder,
    mut response: reqwest::Response,
) -> Result<Decoded<E>, ReqwestError> {
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ReqwestError::Transport)? {
        if body.len() + chunk.len() > decoder.max_body_size {
            return Err(ReqwestError::Decode(DecodeError::TooLarge {
                limit: decoder.max_body_size,
            }));
        }
        body.extend_from_slice(&chunk);
    }
    decoder
        .decode(status, &headers, &body)
        .map_err(ReqwestError::Decode)
}
