//! The `tracing` events of error responses (feature `tracing`), captured by a test
//! subscriber. In a binary of their own, with one test: `tracing` caches each callsite's
//! interest process-wide, and the other tests of `tests/edge.rs`, running on other threads
//! beside the scoped subscriber, made the 4xx event go unseen now and then.

use apifault::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(format = "errors", rename_all = "camelCase")]
enum AppError {
    #[error("not found")]
    #[api(
        status = 404,
        code = "ResourceNotFound",
        message = "The Resource was not found."
    )]
    NotFound,
    #[error("database failed")]
    #[api(status = 500, code = "General", no_decode)]
    Database {
        #[source]
        source: std::io::Error,
    },
}
/// Feature `tracing`: one event per error response, the internal detail in the logs only.
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// An event's level and fields.
type Recorded = (Level, Vec<(String, String)>);

/// Records every event's level and fields.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Recorded>>>);

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        self.0
            .lock()
            .unwrap()
            .push((*event.metadata().level(), fields.0));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map_or("<none>", |(_, value)| value.as_str())
}

#[test]
fn a_5xx_logs_its_cause_at_error_level_and_a_4xx_at_debug() {
    use axum::response::IntoResponse as _;
    let recorder = Recorder::default();
    let response = tracing::subscriber::with_default(recorder.clone(), || {
        let cause = std::io::Error::other("connection refused: password=hunter2");
        let response = AppError::Database { source: cause }.into_response();
        let _ = AppError::NotFound.into_response();
        response
    });
    assert_eq!(response.status(), 500);
    let events = recorder.0.lock().unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    let (level, fields) = &events[0];
    assert_eq!(*level, Level::ERROR);
    assert_eq!(field(fields, "http.response.status_code"), "500");
    assert_eq!(field(fields, "error.type"), "General");
    assert!(
        field(fields, "error.debug").contains("Database"),
        "{fields:?}"
    );
    assert_eq!(
        field(fields, "error.causes"),
        "connection refused: password=hunter2"
    );
    let (level, fields) = &events[1];
    assert_eq!(*level, Level::DEBUG);
    assert_eq!(field(fields, "error.type"), "ResourceNotFound");
    drop(events);

    apifault::set_client_error_level(Level::WARN);
    tracing::subscriber::with_default(recorder.clone(), || {
        let _ = AppError::NotFound.into_response();
        let _ = AppError::Database {
            source: std::io::Error::other("down"),
        }
        .into_response();
    });
    apifault::set_client_error_level(Level::DEBUG);
    let events = recorder.0.lock().unwrap();
    let levels: Vec<Level> = events[2..].iter().map(|(level, _)| *level).collect();
    assert_eq!(levels, [Level::WARN, Level::ERROR]);
}
