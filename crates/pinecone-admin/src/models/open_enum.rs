//! [`open_enum!`]: the API's open sets of values (`x-enum`) as Rust enums that keep unknown
//! values in `Other(String)` instead of failing to decode.

use serde::Deserialize;

/// Defines an open enum: known values as variants, anything else kept in `Other(String)`,
/// (de)serialised as the plain wire string. The API's `x-enum` fields are open sets.
///
/// `KNOWN` is a `&'static [T]`; starting the input with `known_array;` makes it an array
/// `[T; N]` instead (kept for [`ApiKeyRole`](crate::ApiKeyRole), whose `KNOWN` always was one).
macro_rules! open_enum {
    (known_array; $($rest:tt)*) => {
        $crate::models::open_enum!(@define [array] $($rest)*);
    };
    (@known [slice] $name:ident $($variant:ident)+) => {
        #[doc = concat!(
            "The values known to this version of the crate.\n\n```\nassert!(!pinecone_admin::",
            stringify!($name), "::KNOWN.is_empty());\n```"
        )]
        pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )+ ];
    };
    (@known [array] $name:ident $($variant:ident)+) => {
        #[doc = concat!(
            "The values known to this version of the crate.\n\n```\nassert!(!pinecone_admin::",
            stringify!($name), "::KNOWN.is_empty());\n```"
        )]
        pub const KNOWN: [$name; [$(stringify!($variant)),+].len()] = [ $( $name::$variant, )+ ];
    };
    (
        @define [$kind:ident]
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as the server sent it.
            Other(String),
        }

        impl $name {
            $crate::models::open_enum!(@known [$kind] $name $($variant)+);

            #[doc = concat!(
                "The wire value.\n\n```\nlet v = pinecone_admin::", stringify!($name),
                "::from(\"SomethingNew\");\nassert_eq!(v.as_str(), \"SomethingNew\");\n```"
            )]
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(other) => other,
                }
            }

            #[doc = concat!(
                "`false` for [`Other`](", stringify!($name), "::Other) values.\n\n```\n",
                "assert!(!pinecone_admin::", stringify!($name), "::from(\"SomethingNew\").is_known());\n```"
            )]
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::Other(_) => $name::Other(value),
                    known => known,
                }
            }
        }

        impl ::std::convert::From<&String> for $name {
            fn from(value: &String) -> Self {
                $name::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map($name::from)
            }
        }
    };
    ($($rest:tt)*) => {
        $crate::models::open_enum!(@define [slice] $($rest)*);
    };
}
pub(crate) use open_enum;

/// The value of an open-enum field the server left out: `Other("")`.
pub(crate) fn unknown<T: From<String>>() -> T {
    T::from(String::new())
}

/// Decodes an open-enum field, `null` becoming `Other("")`.
pub(crate) fn null_as_unknown<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: From<String>,
{
    Ok(Option::<String>::deserialize(deserializer)?.map_or_else(unknown, T::from))
}
