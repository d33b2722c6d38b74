//! Walking every page of a list operation: which request comes after an answer, and when
//! to stop.
//!
//! Zoho's list operations (Notes, Users, Records, …) answer one page at a time with an
//! `info` object: `more_records` says whether another page follows, and newer versions
//! give a `next_page_token` to send back as `page_token`. An operation whose spec says how
//! it pages implements [`Paged`] (generated code: which parameters carry the page and
//! where the answer keeps its items and `info`); [`PageWalk`] holds the rest, the same for
//! every operation and every transport. With the `client` feature, `client::Pages` and
//! `client::Items` walk the pages through the async client as streams.

use std::collections::HashSet;
use std::fmt;

use crate::operation::Operation;

/// The most pages a walk reads unless told otherwise: a guard against a server that never
/// says `more_records: false`.
pub const DEFAULT_MAX_PAGES: usize = 1_000;

/// What an answer says about the pages after it (Zoho's `info`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// Whether another page follows (`more_records`); a missing `info` means no.
    pub more_records: bool,
    /// The token that asks for the next page (`next_page_token`), if the answer has one.
    pub next_page_token: Option<String>,
}

/// The page a request is to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextPage {
    /// A page number (`page`), counted from 1.
    Number(i64),
    /// The previous answer's `next_page_token`, sent as `page_token`.
    Token(String),
}

/// A list operation that answers page by page: what generated code says of it.
///
/// An operation can page by number (`page`), by token (`page_token`), or both (Zoho's
/// Records: numbers first, then tokens past the first few thousand records): after each
/// answer with `more_records: true`, the walk sends its `next_page_token` when the
/// operation takes tokens and the answer has one, else the next page number.
pub trait Paged: Operation + Clone {
    /// One item of a page.
    type Item;

    /// Whether the operation takes a page number.
    const PAGE_NUMBERS: bool;

    /// Whether the operation takes a page token.
    const PAGE_TOKENS: bool;

    /// What `output` says about the pages after it.
    fn page_info(output: &Self::Output) -> PageInfo;

    /// The items of `output`.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;

    /// The page number the request asks for, if it names one (none means the first).
    fn page_number(&self) -> Option<i64>;

    /// Makes the request ask for `page` (and forget the other kind of page it named).
    fn set_page(&mut self, page: NextPage);
}

/// Why a walk over pages stopped before the server said it was done.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingError {
    /// The walk read its most pages and the server still says more follow.
    TooManyPages {
        /// The most pages the walk reads.
        max_pages: usize,
    },
    /// The server gave a `next_page_token` it had given before: following it would loop.
    RepeatedToken {
        /// The page (counted from 1) whose answer repeated the token.
        page: usize,
    },
    /// The server says more records follow but gives no way to ask for them (no
    /// `next_page_token` for an operation that pages by token only).
    NoNextPage {
        /// The page (counted from 1) whose answer lacks it.
        page: usize,
    },
    /// The next page number would not fit in an `i64`.
    PageNumberOverflow,
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PagingError::TooManyPages { max_pages } => {
                write!(f, "read {max_pages} pages and the server still says more records follow")
            }
            PagingError::RepeatedToken { page } => {
                write!(f, "page {page} gave a next_page_token that an earlier page gave; stopped rather than loop")
            }
            PagingError::NoNextPage { page } => {
                write!(f, "page {page} says more records follow but gives no next_page_token")
            }
            PagingError::PageNumberOverflow => f.write_str("the next page number is too large"),
        }
    }
}

impl std::error::Error for PagingError {}

/// The pages of one walk: the request for each page, worked out from the answer before
/// it, with guards against a server that never stops (a page count limit and repeated
/// tokens). It sends nothing itself: a transport asks it for the next request, sends it
/// and tells it the answer.
///
/// ```
/// # use zoho_crm_runtime::{NextPage, PageWalk, Paged};
/// # fn walk<O: Paged>(first: O, mut send: impl FnMut(&O) -> O::Output) -> Result<Vec<O::Item>, zoho_crm_runtime::PagingError> {
/// let mut walk = PageWalk::new(first);
/// let mut items = Vec::new();
/// while let Some(request) = walk.next_request()? {
///     let answer = send(&request);
///     walk.record(&request, &answer)?;
///     items.extend(O::into_items(answer));
/// }
/// # Ok(items)
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct PageWalk<O> {
    next: Option<O>,
    pages: usize,
    max_pages: usize,
    tokens: HashSet<String>,
}

impl<O: Paged> PageWalk<O> {
    /// A walk that starts with `first` (which may name a page to start from).
    pub fn new(first: O) -> Self {
        PageWalk { next: Some(first), pages: 0, max_pages: DEFAULT_MAX_PAGES, tokens: HashSet::new() }
    }

    /// Reads at most `max_pages` pages (at least one); past them the walk fails with
    /// [`PagingError::TooManyPages`].
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The pages asked for so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// The request for the next page, or `None` when the walk is over. Past the most
    /// pages, an error (and the walk is over).
    pub fn next_request(&mut self) -> Result<Option<O>, PagingError> {
        if self.next.is_none() {
            return Ok(None);
        }
        if self.pages >= self.max_pages {
            self.next = None;
            return Err(PagingError::TooManyPages { max_pages: self.max_pages });
        }
        self.pages += 1;
        Ok(self.next.take())
    }

    /// Records the answer to `request` (the last request [`next_request`](Self::next_request)
    /// gave): the walk is over unless it says more records follow, in which case the next
    /// request asks for the page after it. An answer that would make the walk loop or
    /// that gives no way on ends the walk with an error (its items are still good).
    pub fn record(&mut self, request: &O, output: &O::Output) -> Result<(), PagingError> {
        self.next = None;
        let info = O::page_info(output);
        if !info.more_records {
            return Ok(());
        }
        let page = match info.next_page_token.filter(|token| O::PAGE_TOKENS && !token.is_empty()) {
            Some(token) => {
                if !self.tokens.insert(token.clone()) {
                    return Err(PagingError::RepeatedToken { page: self.pages });
                }
                NextPage::Token(token)
            }
            None if O::PAGE_NUMBERS => {
                let number = request.page_number().unwrap_or(1);
                NextPage::Number(number.checked_add(1).ok_or(PagingError::PageNumberOverflow)?)
            }
            None => return Err(PagingError::NoNextPage { page: self.pages }),
        };
        let mut next = request.clone();
        next.set_page(page);
        self.next = Some(next);
        Ok(())
    }

    /// Ends the walk (after an error, say): no request follows.
    pub fn stop(&mut self) {
        self.next = None;
    }
}
