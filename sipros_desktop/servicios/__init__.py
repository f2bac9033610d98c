"""Use cases, Qt-free. Each public function is one unit of work over a short session."""
