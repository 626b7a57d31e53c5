"""The mentor program's writes: `profiles` (profiles, capacity, conflicts), `matching`
(suggestions, rankings, interest, the proposal, adjustments, publishing) and `sessions`
(office hours, booking, logs, goals, feedback)."""
