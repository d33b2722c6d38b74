//! Where requests go: API versions, data centres and the endpoint that joins them.

use std::fmt;
use std::hash::Hash;

use crate::enums::ValueEnum;
use crate::url::BaseUrl;

/// The version enum of an API (`ApiVersion` in generated code): ordered oldest first.
pub trait Version: ValueEnum + Ord + Hash + fmt::Debug + fmt::Display + Send + Sync {
    /// The version requests use unless told otherwise.
    const DEFAULT: Self;

    /// The version as URLs write it, e.g. `v8`.
    fn as_str(self) -> &'static str {
        self.wire()
    }
}

/// A data centre of an API (`DataCentre` in generated code): where its production
/// environment is served.
pub trait Region: Copy {
    /// The base URL of the data centre's production environment.
    fn base_url(self) -> BaseUrl;
}

/// A data centre that hosts several environments (production, sandbox, …).
pub trait Environments: Region {
    /// The environment enum.
    type Environment: Copy;

    /// The base URL of an environment of the data centre.
    fn base_url_in(self, environment: Self::Environment) -> BaseUrl;
}

/// Where requests go: a base URL and the API version `V` they use by default.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint<V> {
    base_url: BaseUrl,
    version: V,
}

impl<V: Version> Endpoint<V> {
    /// A data centre's production environment, with the default version.
    pub fn new(data_centre: impl Region) -> Self {
        Endpoint::with_base_url(data_centre.base_url())
    }

    /// An environment of a data centre, with the default version.
    pub fn in_environment<D: Environments>(data_centre: D, environment: D::Environment) -> Self {
        Endpoint::with_base_url(data_centre.base_url_in(environment))
    }

    /// An explicit base URL (a sandbox, a proxy, a test server), with the default version.
    pub fn with_base_url(base_url: BaseUrl) -> Self {
        Endpoint { base_url, version: V::DEFAULT }
    }

    /// The same endpoint with another default version.
    pub fn with_version(mut self, version: V) -> Self {
        self.version = version;
        self
    }

    /// The base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// The version requests use unless they name one.
    pub fn version(&self) -> V {
        self.version
    }
}
