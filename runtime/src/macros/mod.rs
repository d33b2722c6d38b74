//! Macros that generated code invokes for the items every spec has in the same shape:
//! versions and data centres, open and closed enums, modules, the error kinds,
//! the error enum, and the async client.
//!
//! Their input is written as the Rust item it stands for (an enum or a unit struct, with
//! a marker attribute where the macro needs to know more), so generated files read like
//! the code they expand to. Everything they expand to reaches its dependencies through
//! `$crate::` and fully qualified `::core`/`::std` paths, so that a crate depending only
//! on this runtime can expand them, and names from a spec (`Result`, `Option`, `Send`, …)
//! cannot shadow what they mean. Their generic parameters start with `__` (`__S`, `__D`,
//! `__V`), which no spec type name can, so that a spec type called `D` or `V` is not
//! mistaken for one.

mod catalog;
#[cfg(feature = "client")]
mod client;
mod enums;
mod errors;
mod modules;
