"""Field-visit booking: slots, capacity, rescheduling."""
