"""Staff work queue: queue, holds (claim/release/assign), the staff request page."""
