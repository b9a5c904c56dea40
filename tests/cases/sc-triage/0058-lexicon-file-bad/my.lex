complaint ok

mood happy
