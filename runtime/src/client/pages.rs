//! Every page of a list operation through the client, as streams of pages and of items.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use super::{Bound, BoxFuture, Error, HttpClient};
use crate::decode::response::ServiceError;
use crate::paging::{PageWalk, Paged};
use crate::{Endpoint, Operation};

/// The answer to one page: the operation's output, or why the call failed.
type PageResult<O> = Result<<O as Operation>::Output, Error<<O as Operation>::Error>>;

/// One item, or why the walk failed.
type ItemResult<O> = Result<<O as Paged>::Item, Error<<O as Operation>::Error>>;

/// The answer to one page's request, with that request (the walk works out the next
/// request from both).
type PageCall<O> = BoxFuture<'static, (O, PageResult<O>)>;

/// The pages of a list operation, each sent as the client sends any call (tokens, scope
/// check, retries), one after the other: the generated call's `pages()`.
///
/// It is a [`Stream`](futures_core::Stream) of `Result<page, Error>`, and has an
/// inherent [`next`](Self::next) so that no stream library is needed. It ends after the
/// page that says `more_records: false` (or has no `info`), or after the first error: an
/// error of a call, or [`Error::Paging`] when the server would make the walk loop (a
/// repeated `next_page_token`, more than [`max_pages`](Self::max_pages) pages).
#[must_use = "pages are asked for only as the stream is polled"]
pub struct Pages<O: Paged> {
    http: Option<(HttpClient, Endpoint<O::Version>)>,
    walk: Option<PageWalk<O>>,
    pending: Option<PageCall<O>>,
    failed: Option<Error<O::Error>>,
}

// Nothing in `Pages` is pinned in place: the call in flight is boxed.
impl<O: Paged> Unpin for Pages<O> {}

impl<O: Paged> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &O::NAME)
            .field("pages", &self.walk.as_ref().map_or(0, PageWalk::pages))
            .field("in_flight", &self.pending.is_some())
            .finish_non_exhaustive()
    }
}

impl<O> Pages<O>
where
    O: Paged + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: ServiceError,
{
    /// The pages of `first` (which may name the page to start from), sent through `http`
    /// to `endpoint`.
    pub fn new(http: HttpClient, endpoint: Endpoint<O::Version>, first: O) -> Self {
        Pages { http: Some((http, endpoint)), walk: Some(PageWalk::new(first)), pending: None, failed: None }
    }

    /// A walk that fails at once with `error` (a request that could not be built).
    pub fn failed(error: Error<O::Error>) -> Self {
        Pages { http: None, walk: None, pending: None, failed: Some(error) }
    }

    /// Reads at most `max_pages` pages (default [`DEFAULT_MAX_PAGES`](crate::DEFAULT_MAX_PAGES));
    /// past them the stream ends with [`Error::Paging`].
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.walk = self.walk.map(|walk| walk.with_max_pages(max_pages));
        self
    }

    /// The items of every page, one by one, instead of the pages.
    pub fn items(self) -> Items<O> {
        Items { pages: self, buffer: VecDeque::new() }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<PageResult<O>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<PageResult<O>>> {
        if let Some(error) = self.failed.take() {
            self.walk = None;
            return Poll::Ready(Some(Err(error)));
        }
        loop {
            if let Some(call) = self.pending.as_mut() {
                let (request, result) = ready!(call.as_mut().poll(cx));
                self.pending = None;
                let Some(walk) = self.walk.as_mut() else { return Poll::Ready(None) };
                return Poll::Ready(Some(match result {
                    Ok(output) => {
                        // A page that would make the walk loop is still a good page: it
                        // comes first, and the error after it.
                        if let Err(error) = walk.record(&request, &output) {
                            self.failed = Some(Error::Paging(error));
                        }
                        Ok(output)
                    }
                    Err(error) => {
                        self.walk = None;
                        Err(error)
                    }
                }));
            }
            let (Some(walk), Some((http, endpoint))) = (self.walk.as_mut(), self.http.as_ref()) else {
                return Poll::Ready(None);
            };
            match walk.next_request() {
                Ok(None) => {
                    self.walk = None;
                    return Poll::Ready(None);
                }
                Err(error) => {
                    self.walk = None;
                    return Poll::Ready(Some(Err(Error::Paging(error))));
                }
                Ok(Some(request)) => {
                    let (http, endpoint) = (http.clone(), endpoint.clone());
                    self.pending = Some(Box::pin(async move {
                        let result = http.execute(&Bound::new(&request, &endpoint)).await;
                        (request, result)
                    }));
                }
            }
        }
    }
}

impl<O> futures_core::Stream for Pages<O>
where
    O: Paged + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: ServiceError,
{
    type Item = PageResult<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The items of every page of a list operation, one by one: the generated call's
/// `items()`. It walks the pages as [`Pages`] does, and ends as it does.
#[must_use = "pages are asked for only as the stream is polled"]
pub struct Items<O: Paged> {
    pages: Pages<O>,
    buffer: VecDeque<O::Item>,
}

// Nothing in `Items` is pinned in place.
impl<O: Paged> Unpin for Items<O> {}

impl<O: Paged> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.buffer.len()).finish()
    }
}

impl<O> Items<O>
where
    O: Paged + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: ServiceError,
{
    /// Reads at most `max_pages` pages; past them the stream ends with [`Error::Paging`].
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.pages = self.pages.max_pages(max_pages);
        self
    }

    /// The next item, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<ItemResult<O>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every item of every page, in order, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<O::Item>, Error<O::Error>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<ItemResult<O>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(self.pages.poll_page(cx)) {
                None => return Poll::Ready(None),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                Some(Ok(page)) => self.buffer.extend(O::into_items(page)),
            }
        }
    }
}

impl<O> futures_core::Stream for Items<O>
where
    O: Paged + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: ServiceError,
{
    type Item = ItemResult<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
