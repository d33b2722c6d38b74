//! What reading an answer with the typed client costs over hand-written serde structs of
//! the same shape (IDs as strings read into `u64`, a `DateTime<FixedOffset>`, open enums,
//! legacy aliases), measured in the same run:
//!
//! ```text
//! cargo bench -p zoho-share-mock --bench parse
//! ```
//!
//! The typed side goes through `Operation::parse_response`, so it includes looking for
//! error objects (by their keys, also inside HTTP 200 and per item); the hand-written side
//! only deserializes. Both read every ID from its string; the typed side with the runtime's
//! reader (which also checks the form, eight digits at a time), the hand-written side with
//! `u64::from_str`.

mod measure;

use std::collections::BTreeMap;
use std::fmt;
use std::hint::black_box;

use serde_json::{Value, json};
use zoho_share_records::runtime::chrono::{DateTime, FixedOffset};
use zoho_share_records::runtime::http::{HeaderMap, StatusCode};
use zoho_share_records::runtime::serde::de::{self, Deserializer, Visitor};
use zoho_share_records::runtime::serde::{self, Deserialize};
use zoho_share_records::{
    GetSharedRecordDetails, Module, Operation, Permission, RevokeSharedRecord, ShareItem, ShareRecord, Sharee,
    ShareeType, UpdateSharePermissions,
};

use measure::{compare, header, only_testing};

/// The sizes of answers measured, in items.
const SIZES: [usize; 3] = [2, 20, 500];

/// Hand-written: an ID sent as a string of digits.
fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Digits;
    impl Visitor<'_> for Digits {
        type Value = u64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an ID")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<u64, E> {
            value.parse().map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Digits)
}

/// Hand-written: an optional ID.
fn optional_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    id(deserializer).map(Some)
}

/// Hand-written: an open enum, its known values by index and any other kept as text.
#[derive(Debug)]
#[allow(dead_code, reason = "only deserialized")]
enum Open {
    Known(usize),
    Other(String),
}

fn open<'de, D: Deserializer<'de>>(deserializer: D, known: &'static [&'static str]) -> Result<Open, D::Error> {
    struct Word(&'static [&'static str]);
    impl Visitor<'_> for Word {
        type Value = Open;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Open, E> {
            Ok(self.0.iter().position(|word| *word == value).map_or_else(|| Open::Other(value.to_owned()), Open::Known))
        }
    }
    deserializer.deserialize_str(Word(known))
}

fn permission<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Open, D::Error> {
    open(deserializer, &["full_access", "read_only", "read_write"])
}

fn share_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Open>, D::Error> {
    open(deserializer, &["private", "public"]).map(Some)
}

fn sharee_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Open>, D::Error> {
    open(deserializer, &["users", "groups", "roles"]).map(Some)
}

/// Hand-written shapes of the GET answer.
#[allow(dead_code, reason = "only deserialized")]
mod hand {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Details {
        #[serde(default)]
        pub share: Vec<Share>,
        #[serde(default)]
        pub shareable_user: Option<Vec<Person>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Share {
        #[serde(alias = "user", default)]
        pub shared_with: Option<Sharee>,
        pub share_related_records: bool,
        pub shared_through: Through,
        #[serde(default)]
        pub shared_time: Option<DateTime<FixedOffset>>,
        #[serde(deserialize_with = "permission")]
        pub permission: Open,
        #[serde(default)]
        pub shared_by: Option<Person>,
        #[serde(rename = "type", default, deserialize_with = "share_type")]
        pub share_type: Option<Open>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Sharee {
        #[serde(deserialize_with = "id")]
        pub id: u64,
        #[serde(alias = "full_name", default)]
        pub name: Option<String>,
        #[serde(rename = "type", default, deserialize_with = "sharee_type")]
        pub sharee_type: Option<Open>,
        #[serde(default, deserialize_with = "optional_id")]
        pub zuid: Option<u64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Person {
        #[serde(deserialize_with = "id")]
        pub id: u64,
        #[serde(alias = "full_name", default)]
        pub name: Option<String>,
        #[serde(default, deserialize_with = "optional_id")]
        pub zuid: Option<u64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Through {
        #[serde(alias = "entity_name", default)]
        pub name: Option<String>,
        pub module: ModuleRef,
        #[serde(deserialize_with = "id")]
        pub id: u64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct ModuleRef {
        pub name: String,
        #[serde(deserialize_with = "id")]
        pub id: u64,
    }

    /// One per-item result (success and error objects have the same keys).
    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Item {
        pub code: String,
        #[serde(default)]
        pub details: ItemDetails,
        pub message: String,
        pub status: String,
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(crate = "serde")]
    pub struct ItemDetails {
        #[serde(default, deserialize_with = "optional_id")]
        pub id: Option<u64>,
        #[serde(flatten)]
        pub others: BTreeMap<String, Value>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Items {
        pub share: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(crate = "serde")]
    pub struct Single {
        pub share: Item,
    }
}

/// A GET answer with `count` shares, as v8 writes it.
fn get_answer(count: usize) -> Vec<u8> {
    let share = json!({"shared_with":{"name":"Manager","id":"2922942000000015969","type":"roles"},"share_related_records":false,"shared_through":{"module":{"name":"Leads","id":"2922942000000000125"},"id":"2922942000003922003"},"shared_time":"2025-12-31T13:36:56+05:30","permission":"full_access","shared_by":{"name":"we edited1","id":"2922942000000512001","zuid":"76602839"},"type":"private"});
    json!({ "share": vec![share; count] }).to_string().into_bytes()
}

/// One success item of a share, update or revoke answer.
fn success_item(message: &str) -> Value {
    json!({"code": "SUCCESS", "details": {"id": "2922942000003922003"}, "message": message, "status": "success"})
}

/// A per-item answer with `count` successes.
fn items_answer(count: usize, message: &str) -> Vec<u8> {
    json!({ "share": vec![success_item(message); count] }).to_string().into_bytes()
}

/// How many times to parse an answer of `count` items per round: about the same work
/// whatever the size.
fn iterations(count: usize) -> u32 {
    u32::try_from(4_000 / count).unwrap_or(1).max(4)
}

/// The hand-written parse against itself: how far apart two equal sides land in this run.
fn noise_floor() {
    let body = get_answer(20);
    let parse = || {
        black_box(serde_json::from_slice::<hand::Details>(black_box(&body)).expect("parsed"));
    };
    compare("noise floor: hand-written GET of 20 shares against itself", iterations(20), parse, parse);
}

fn get_cases() {
    let request = GetSharedRecordDetails::builder().module(Module::Leads).record_id(2922942000003922003u64).build();
    let request = request.expect("a request");
    let headers = HeaderMap::new();
    for count in SIZES {
        let body = get_answer(count);
        compare(
            &format!("GET answer, {count} shares"),
            iterations(count),
            || {
                black_box(request.parse_response(StatusCode::OK, &headers, black_box(&body)).expect("parsed"));
            },
            || {
                black_box(serde_json::from_slice::<hand::Details>(black_box(&body)).expect("parsed"));
            },
        );
    }
}

fn outcome_cases() {
    let sharee = ShareItem::private(Sharee::new(2922942000000512001u64, ShareeType::Users));
    let share = ShareRecord::builder()
        .module(Module::Leads)
        .record_id(2922942000003922003u64)
        .set_share(Some(vec![sharee.clone().with_permission(Permission::ReadOnly)]));
    let share = share.build().expect("a request");
    let update = UpdateSharePermissions::builder()
        .module(Module::Leads)
        .record_id(2922942000003922003u64)
        .share(sharee.with_permission(Permission::ReadWrite))
        .build()
        .expect("a request");
    let headers = HeaderMap::new();
    for count in SIZES {
        let body = items_answer(count, "Record shared successfully");
        compare(
            &format!("share answer, {count} per-item outcomes"),
            iterations(count),
            || {
                black_box(share.parse_response(StatusCode::OK, &headers, black_box(&body)).expect("parsed"));
            },
            || {
                black_box(serde_json::from_slice::<hand::Items>(black_box(&body)).expect("parsed"));
            },
        );
    }
    let body = items_answer(20, "Sharing permission updated");
    compare(
        "update answer, 20 per-item outcomes",
        iterations(20),
        || {
            black_box(update.parse_response(StatusCode::OK, &headers, black_box(&body)).expect("parsed"));
        },
        || {
            black_box(serde_json::from_slice::<hand::Items>(black_box(&body)).expect("parsed"));
        },
    );
    let revoke = RevokeSharedRecord::builder().module(Module::Leads).record_id(2922942000003922003u64).build();
    let revoke = revoke.expect("a request");
    let body = json!({ "share": success_item("Sharing Revoked") }).to_string().into_bytes();
    compare(
        "revoke answer",
        iterations(1),
        || {
            black_box(revoke.parse_response(StatusCode::OK, &headers, black_box(&body)).expect("parsed"));
        },
        || {
            black_box(serde_json::from_slice::<hand::Single>(black_box(&body)).expect("parsed"));
        },
    );
}

fn main() {
    if only_testing() {
        return;
    }
    header();
    noise_floor();
    get_cases();
    outcome_cases();
}
