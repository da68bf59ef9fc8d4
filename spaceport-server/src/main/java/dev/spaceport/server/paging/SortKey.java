package dev.spaceport.server.paging;

/** A row's place in list order: creation time, then row number (which breaks ties). */
public record SortKey(long createdAt, long id) {}
