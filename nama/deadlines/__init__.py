"""Deadlines: reminders, overdue marking and escalation."""
