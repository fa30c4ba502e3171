//! Inputs worked on in parallel and consumed in input order as each is done: `check`'s pipeline,
//! and any other subcommand's that turns many files into output in order.
//!
//! Workers (a rayon pool of `threads`, `-j N`) take jobs in order; a result waits in a reorder
//! buffer until every result before it has been consumed. A worker starts job `i` only once job
//! `i - window` has been consumed, so a slow file (standard input held open) holds at most
//! `window` results in memory, never the whole run.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::{Condvar, Mutex, mpsc};

/// Results done ahead of the output, per worker: enough that a worker rarely waits on a slow
/// neighbour, few enough that memory stays flat.
const AHEAD_PER_WORKER: usize = 8;

/// What the consumer is told, on the calling thread.
pub enum Next<R> {
    /// The next result, in the jobs' order.
    Done(R),
    /// The next result is not done yet: time to flush what was written so far, so that a reader
    /// sees it while the run goes on.
    Waiting,
}

/// `work` on every job on `threads` workers (0: one per core), `consume` told each result in the
/// jobs' order, until it says to stop (its output is gone: no job is started after that). A
/// panic in `work` stops the workers and is raised again here.
pub fn in_order<T: Send, R: Send>(
    jobs: Vec<T>,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
    mut consume: impl FnMut(Next<R>) -> ControlFlow<()>,
) {
    let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
        for job in jobs {
            if consume(Next::Waiting).is_break() || consume(Next::Done(work(job))).is_break() {
                return;
            }
        }
        return;
    };
    let window = pool.current_num_threads() * AHEAD_PER_WORKER;
    let queue = Mutex::new(jobs.into_iter().enumerate());
    // How many results were consumed, and whether to stop (a panic, or the consumer's word);
    // workers wait on it.
    let gate = (Mutex::new((0usize, false)), Condvar::new());
    let (done, results) = mpsc::channel();
    let (queue, gate, work) = (&queue, &gate, &work);
    let stop = || {
        gate.0.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        gate.1.notify_all();
    };
    pool.in_place_scope(|s| {
        for _ in 0..pool.current_num_threads() {
            let done = done.clone();
            s.spawn(move |_| {
                loop {
                    let Some((i, job)) = queue.lock().unwrap_or_else(|e| e.into_inner()).next()
                    else {
                        break;
                    };
                    let mut state = gate.0.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= state.0 + window && !state.1 {
                        state = gate.1.wait(state).unwrap_or_else(|e| e.into_inner());
                    }
                    if state.1 {
                        break;
                    }
                    drop(state);
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(job)));
                    if done.send((i, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut ahead = BTreeMap::new();
        let mut next = 0;
        loop {
            let (i, r) = match results.try_recv() {
                Ok(got) => got,
                Err(mpsc::TryRecvError::Empty) => {
                    if consume(Next::Waiting).is_break() {
                        stop();
                        break;
                    }
                    match results.recv() {
                        Ok(got) => got,
                        Err(_) => break,
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            };
            ahead.insert(i, r);
            let before = next;
            let mut stopped = false;
            while let Some(r) = ahead.remove(&next) {
                match r {
                    Ok(r) => stopped = consume(Next::Done(r)).is_break(),
                    Err(panic) => {
                        stop();
                        std::panic::resume_unwind(panic);
                    }
                }
                next += 1;
                if stopped {
                    break;
                }
            }
            if stopped {
                stop();
                break;
            }
            if next > before {
                gate.0.lock().unwrap_or_else(|e| e.into_inner()).0 = next;
                gate.1.notify_all();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_input_order_whatever_order_they_finish_in() {
        let mut seen = Vec::new();
        in_order(
            (0..200u64).collect(),
            4,
            |i| {
                // Early jobs finish last.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i
            },
            |n| {
                if let Next::Done(i) = n {
                    seen.push(i);
                }
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
    }

    #[test]
    fn workers_do_not_run_further_ahead_than_the_window() {
        // Job 0 is slow: the others may finish, but no more than the window is started.
        let started = AtomicUsize::new(0);
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Mutex::new(wait);
        let mut most = None;
        in_order(
            (0..1000usize).collect(),
            2,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                if i == 0 {
                    wait.lock().unwrap().recv().unwrap();
                }
            },
            |n| {
                if matches!(n, Next::Waiting) && most.is_none() {
                    // Time for the other worker to run as far ahead as it may.
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    most = Some(started.load(Ordering::SeqCst));
                    let _ = release.send(());
                }
                ControlFlow::Continue(())
            },
        );
        assert_eq!(most, Some(2 * AHEAD_PER_WORKER));
        assert_eq!(started.load(Ordering::SeqCst), 1000);
    }

    #[test]
    fn no_job_starts_once_the_consumer_stops() {
        // A closed pipe after the fifth result: the run ends with at most the jobs already
        // under way or done ahead, not the thousand.
        let started = AtomicUsize::new(0);
        let mut seen = 0;
        in_order(
            (0..1000usize).collect(),
            2,
            |_| {
                started.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(200));
            },
            |n| {
                if matches!(n, Next::Done(())) {
                    seen += 1;
                }
                if seen == 5 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, 5);
        assert!(started.load(Ordering::SeqCst) <= 5 + 2 * AHEAD_PER_WORKER + 2);
    }

    #[test]
    fn a_panic_in_a_job_is_raised_to_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            in_order(
                (0..100usize).collect(),
                2,
                |i| assert!(i != 3, "job three"),
                |_| ControlFlow::Continue(()),
            )
        });
        assert!(caught.is_err());
    }
}
