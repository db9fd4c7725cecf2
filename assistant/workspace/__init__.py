"""The forum's workspace: responses edited area by area, versioned, drafted by background jobs."""
