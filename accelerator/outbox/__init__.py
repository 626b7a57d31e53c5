"""The transactional outbox: side effects recorded with the change that causes them.

A service calls `accelerator.outbox.services.enqueue(...)` inside its transaction. The
task is written to the database in that same transaction, so it exists exactly when the
change does, and is published to Celery after the commit. If the broker cannot take it
then, the request still succeeds and the `dispatch_pending` beat task publishes it once
the broker is back. Tasks may therefore run more than once and must be idempotent.
"""
