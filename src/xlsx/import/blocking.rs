//! Reading a workbook is CPU-bound and, for a hostile file, as slow as its
//! ceilings allow: it runs on the blocking pool, never on the async workers
//! that answer every other request, a few at a time, and an answer is given
//! after a time limit whatever the reader does.

use std::time::Duration;

use tokio::sync::Semaphore;

use super::error::{ImportError, Problems};
use super::parse::SheetWorkbook;
use crate::domain::invalid::Invalid;

/// Workbooks read at the same time; more wait their turn. Each may hold a
/// few hundred MiB at its ceilings, and the server may have two cores.
const READERS: usize = 2;
/// How long an import waits for the reading of one workbook.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

static TURNS: Semaphore = Semaphore::const_new(READERS);

/// [`super::read_with_problems`] on the blocking pool, within [`TIME_LIMIT`].
pub async fn read_with_problems(
    bytes: Vec<u8>,
    start_month: u32,
    year: Option<i32>,
) -> Result<(SheetWorkbook, Problems), Vec<ImportError>> {
    let wait_and_read = async {
        // Never closed: it is a static.
        let Ok(turn) = TURNS.acquire().await else { return Err(gave_up()) };
        let reading = tokio::task::spawn_blocking(move || {
            // The turn is held by the reading itself: one that outlives the
            // time limit still counts until it really ends.
            let _turn = turn;
            super::read_with_problems(&bytes, start_month, year)
        });
        // A panic outside calamine (which `read_workbook` catches) is still
        // an unreadable workbook to the person importing it.
        reading.await.unwrap_or_else(|_| Err(gave_up()))
    };
    // The wait for a turn counts too: the person is waiting either way.
    tokio::time::timeout(TIME_LIMIT, wait_and_read).await.unwrap_or_else(|_| {
        Err(vec![ImportError::workbook(Invalid::new("invalid-xlsx-too-slow").with("seconds", TIME_LIMIT.as_secs()))])
    })
}

fn gave_up() -> Vec<ImportError> {
    vec![ImportError::workbook(Invalid::new("invalid-xlsx-unreadable").with("reason", "the reader stopped"))]
}
