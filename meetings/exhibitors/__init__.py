"""The exhibitor hall: booths of a meeting's sponsors and exhibitors, their resources, and the
contact requests attendees choose to leave."""
