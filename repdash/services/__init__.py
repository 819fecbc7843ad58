"""Services: glue the pure rules of the core to stored data (the rep's day, the trophy case, the
sales math of one rep, coaching notes, the demo team). They import the core and the store, never a shell."""
