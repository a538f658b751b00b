"""The HTTP edge every service shares: one error shape (problem details, RFC 9457), limits on
what a request may carry, strict request fields, and the dependencies routes take."""
